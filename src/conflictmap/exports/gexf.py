"""GEXF (Gephi): the actor network (network.py) of the exported events and relations.

The same graph as the GraphML export: nodes are actors, edges typed and aggregated
per actor pair; edge `weight` is Gephi's weight.

Columns (node attributes):
    label, type, inter, country, events, fatalities, relations, first, last

Columns (edge attributes):
    relation, directed, weight, fatalities, first, last, sources, origin

(See exports/graphml.py for what each means.)
"""

from __future__ import annotations

from typing import IO

from ..store import EventQuery, Store
from ._graph import EDGE_COLUMNS, NODE_COLUMNS, network

NAME = "gexf"
EXTENSION = "gexf"
MEDIA_TYPE = "application/xml"
COLUMNS: tuple[str, ...] = NODE_COLUMNS + EDGE_COLUMNS


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    import networkx as nx

    graph = network(store, query, include_relations).to_networkx()
    nx.write_gexf(graph, out, encoding="utf-8")
    return graph.number_of_edges()
