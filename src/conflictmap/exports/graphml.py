"""GraphML: the actor network (network.py) of the exported events and the relations table.

Nodes are actors (id = canonical name); edges are typed and aggregated per actor pair.

Columns (node attributes):
    label       actor name
    type        ACLED actor type (State forces, Rebel groups, ...), from its inter code
    inter       ACLED inter code (0 when unknown)
    country     the country where the actor is most often seen
    events      events the actor takes part in (as actor1, actor2 or associated actor)
    fatalities  reported fatalities of those events
    relations   relation statements naming the actor
    first       first event or relation date
    last        last event or relation date

Columns (edge attributes):
    relation    fought | attacked | interacted | allied_with | affiliated_with |
                cooperates_with | rival_of | ... (the relation types of the relations table)
    directed    whether the edge has a direction (attacked, affiliated_with, ...)
    weight      number of events or relation statements
    fatalities  reported fatalities of those events
    first       first date
    last        last date
    sources     event ids or relation ids, '; '-separated
    origin      event | relation
"""

from __future__ import annotations

from typing import IO

from ..store import EventQuery, Store
from ._graph import EDGE_COLUMNS, NODE_COLUMNS, network

NAME = "graphml"
EXTENSION = "graphml"
MEDIA_TYPE = "application/xml"
COLUMNS: tuple[str, ...] = NODE_COLUMNS + EDGE_COLUMNS


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    import networkx as nx

    graph = network(store, query, include_relations).to_networkx()
    nx.write_graphml(graph, out, encoding="utf-8")
    return graph.number_of_edges()
