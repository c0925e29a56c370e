"""The actor network of the exported events, shared by the GraphML and GEXF writers."""

from __future__ import annotations

from ..network import Network, NetworkFilter, build_network
from ..store import EventQuery, Store

NODE_COLUMNS: tuple[str, ...] = (
    "label", "type", "inter", "country", "events", "fatalities", "relations", "first", "last",
)
EDGE_COLUMNS: tuple[str, ...] = (
    "relation", "directed", "weight", "fatalities", "first", "last", "sources", "origin",
)


def network(store: Store, query: EventQuery, include_relations: bool) -> Network:
    relations = store.relations(actor=query.actor) if include_relations else []
    flt = NetworkFilter(date_from=query.date_from, date_to=query.date_to, country=query.country,
                        include_relations=include_relations)
    return build_network(store.iter_events(query), relations, flt)
