"""Events and relations -> an actor network.

    net = build_network(store.iter_events(EventQuery()), store.relations(),
                        NetworkFilter(date_from="2021-01-01", country="Mali", min_weight=2))
    net.to_networkx()      # a networkx MultiDiGraph (for GraphML / GEXF)
    net.as_dict()          # {"nodes": [...], "edges": [...]} (for the API)

Nodes are actors. Edges are typed and aggregated per (type, actor pair):

    fought        Battles: actor1 and actor2 fought (undirected)
    attacked      Violence against civilians, Explosions/Remote violence:
                  actor1 attacked actor2 (directed)
    interacted    any other event type with two actors (protests met by police, arrests...)
    allied_with   co-actors: actor1 with each of assoc_actor_1, actor2 with each of
                  assoc_actor_2 (undirected)
    <relation>    every relation type of the relations table (affiliated_with,
                  cooperates_with, rival_of, ...), directed as stated; denied
                  relations are left out

Each edge carries a weight (how many events or relation statements), the first and
last date, and its sources (event ids or relation ids). The input rows are the
store's rows (dicts with EVENT_RECORD_FIELDS / RELATION_RECORD_FIELDS keys), or the
`as_record()` of models.Event / models.Relation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .models import fold
from .taxonomy import INTER_CODES

EVENT_EDGE_TYPES: dict[str, str] = {
    "Battles": "fought",
    "Violence against civilians": "attacked",
    "Explosions/Remote violence": "attacked",
}
UNDIRECTED = {"fought", "interacted", "allied_with", "cooperates_with", "rival_of", "allied", "cooperates"}
EDGE_TYPES_FROM_EVENTS = ("fought", "attacked", "interacted", "allied_with")


@dataclass
class NetworkFilter:
    """Which events and relations make the network. None means 'any'."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    min_weight: int = 1
    edge_types: tuple[str, ...] | None = None   # None: every type
    include_relations: bool = True


@dataclass
class ActorNode:
    name: str
    inter: int | None = None
    country: str | None = None
    events: int = 0
    fatalities: int = 0
    first: str | None = None
    last: str | None = None
    relations: int = 0
    countries: Counter[str] = field(default_factory=Counter)

    @property
    def type(self) -> str:
        return INTER_CODES.get(self.inter or 0, "Unknown")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.name, "name": self.name, "inter": self.inter, "type": self.type,
                "country": self.country, "events": self.events, "fatalities": self.fatalities,
                "relations": self.relations, "first": self.first, "last": self.last}


@dataclass
class ActorEdge:
    source: str
    target: str
    type: str
    directed: bool
    weight: int = 0
    fatalities: int = 0
    first: str | None = None
    last: str | None = None
    sources: list[str] = field(default_factory=list)
    origin: str = "event"       # event | relation

    @property
    def key(self) -> str:
        return f"{self.type}:{self.source}->{self.target}"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.key, "source": self.source, "target": self.target, "type": self.type,
                "directed": self.directed, "weight": self.weight, "fatalities": self.fatalities,
                "first": self.first, "last": self.last, "sources": list(self.sources),
                "origin": self.origin}


@dataclass
class Network:
    nodes: dict[str, ActorNode] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], ActorEdge] = field(default_factory=dict)

    def node(self, name: str) -> ActorNode:
        found = self.nodes.get(name)
        if found is None:
            found = self.nodes[name] = ActorNode(name)
        return found

    def add_edge(self, a: str, b: str, type_: str, *, source_id: str, when: str | None,
                 fatalities: int = 0, origin: str = "event") -> None:
        if not a or not b or a == b:
            return
        directed = type_ not in UNDIRECTED
        if not directed and b < a:
            a, b = b, a
        key = (type_, a, b)
        edge = self.edges.get(key)
        if edge is None:
            edge = self.edges[key] = ActorEdge(a, b, type_, directed, origin=origin)
            self.node(a)
            self.node(b)
        edge.weight += 1
        edge.fatalities += fatalities
        if source_id not in edge.sources:
            edge.sources.append(source_id)
        if when:
            edge.first = min(edge.first or when, when)
            edge.last = max(edge.last or when, when)

    def prune(self, min_weight: int) -> Network:
        """Drop edges lighter than min_weight and the actors left with no edge."""
        if min_weight <= 1:
            return self
        kept = {k: e for k, e in self.edges.items() if e.weight >= min_weight}
        names = {e.source for e in kept.values()} | {e.target for e in kept.values()}
        return Network({n: v for n, v in self.nodes.items() if n in names}, kept)

    def without_isolates(self) -> Network:
        """Only the actors with at least one tie."""
        linked = {e.source for e in self.edges.values()} | {e.target for e in self.edges.values()}
        return Network({k: v for k, v in self.nodes.items() if k in linked}, dict(self.edges))

    def top(self, n: int) -> Network:
        """The n most active actors (events + relation statements) and the edges among them."""
        if len(self.nodes) <= n:
            return self
        ranked = sorted(self.nodes.values(), key=lambda a: (-(a.events + a.relations), a.name))[:n]
        keep = {a.name for a in ranked}
        edges = {k: e for k, e in self.edges.items() if e.source in keep and e.target in keep}
        return Network({k: v for k, v in self.nodes.items() if k in keep}, edges)

    def ego(self, actor: str, depth: int = 1) -> Network:
        """The actor, its neighbours (to `depth` steps) and the edges among them."""
        centre = self._find(actor)
        if centre is None:
            return Network()
        keep = {centre}
        frontier = {centre}
        for _ in range(depth):
            step = set()
            for e in self.edges.values():
                if e.source in frontier:
                    step.add(e.target)
                if e.target in frontier:
                    step.add(e.source)
            frontier = step - keep
            keep |= step
        edges = {k: e for k, e in self.edges.items() if e.source in keep and e.target in keep}
        return Network({n: v for n, v in self.nodes.items() if n in keep}, edges)

    def _find(self, actor: str) -> str | None:
        if actor in self.nodes:
            return actor
        key = fold(actor)
        for name in self.nodes:
            if fold(name) == key:
                return name
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": [n.as_dict() for n in sorted(self.nodes.values(), key=lambda n: n.name)],
                "edges": [e.as_dict() for e in sorted(self.edges.values(), key=lambda e: e.key)]}

    def to_networkx(self) -> Any:
        """A networkx MultiDiGraph; list attributes become '; '-joined strings (GraphML/GEXF)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for n in sorted(self.nodes.values(), key=lambda n: n.name):
            graph.add_node(n.name, label=n.name, type=n.type, inter=n.inter or 0,
                           country=n.country or "", events=n.events, fatalities=n.fatalities,
                           relations=n.relations, first=n.first or "", last=n.last or "")
        for e in sorted(self.edges.values(), key=lambda e: e.key):
            graph.add_edge(e.source, e.target, key=e.key, relation=e.type, directed=e.directed,
                           weight=e.weight, fatalities=e.fatalities, first=e.first or "",
                           last=e.last or "", sources="; ".join(e.sources), origin=e.origin)
        return graph


def _in_window(start: str | None, end: str | None, f: NetworkFilter) -> bool:
    if f.date_from and (end or start) and (end or start) < f.date_from:   # type: ignore[operator]
        return False
    if f.date_to and (start or end) and (start or end) > f.date_to:       # type: ignore[operator]
        return False
    return True


def _list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value if v]


def add_event(net: Network, row: Mapping[str, Any]) -> None:
    """Add one event row: its actors as nodes, its ties as edges."""
    a1, a2 = row.get("actor1"), row.get("actor2")
    when = row.get("event_date") or row.get("date_start")
    deaths = int(row.get("fatalities") or 0)
    event_id = str(row.get("event_id"))
    country = row.get("country")
    roles = [(a1, row.get("inter1")), (a2, row.get("inter2"))]
    roles += [(a, None) for a in _list(row.get("assoc_actor_1")) + _list(row.get("assoc_actor_2"))]
    seen: set[str] = set()
    for name, inter in roles:
        if not name or name in seen:
            continue
        seen.add(name)
        node = net.node(name)
        node.events += 1
        node.fatalities += deaths
        if inter and not node.inter:
            node.inter = int(inter)
        if country:
            node.countries[country] += 1
            node.country = node.countries.most_common(1)[0][0]
        if when:
            node.first = min(node.first or when, when)
            node.last = max(node.last or when, when)
    if a1 and a2:
        type_ = EVENT_EDGE_TYPES.get(row.get("event_type") or "", "interacted")
        net.add_edge(a1, a2, type_, source_id=event_id, when=when, fatalities=deaths)
    for lead, assoc in ((a1, row.get("assoc_actor_1")), (a2, row.get("assoc_actor_2"))):
        if lead:
            for other in _list(assoc):
                net.add_edge(lead, other, "allied_with", source_id=event_id, when=when)


def add_relation(net: Network, row: Mapping[str, Any]) -> None:
    if row.get("polarity") == "denied":
        return
    rel_id = str(row.get("id") or f"{row.get('article_id')}:{row.get('relation')}")
    when = row.get("date_start") or row.get("date_end")
    a, b = row.get("actor_a"), row.get("actor_b")
    if not a or not b or a == b:
        return
    net.add_edge(a, b, str(row.get("relation")), source_id=rel_id, when=when, origin="relation")
    for name in (a, b):
        net.node(name).relations += 1


def build_network(events: Iterable[Mapping[str, Any]], relations: Iterable[Mapping[str, Any]] = (),
                  flt: NetworkFilter | None = None,
                  inter_of: Mapping[str, int] | None = None) -> Network:
    """The actor network of the events and relations that pass the filter.

    Undated relations are kept whatever the time window (a stated tie has no date
    unless the text gives one). `inter_of` fills the type of actors seen only in
    relations (e.g. from the actor base).
    """
    f = flt or NetworkFilter()
    net = Network()
    country = fold(f.country) if f.country else None
    for row in events:
        if row.get("kind", "event") != "event":
            continue
        if country and fold(row.get("country") or "") != country:
            continue
        if not _in_window(row.get("date_start") or row.get("event_date"),
                          row.get("date_end") or row.get("event_date"), f):
            continue
        add_event(net, row)
    if f.include_relations:
        for row in relations:
            if not _in_window(row.get("date_start"), row.get("date_end"), f):
                continue
            if country and not (row.get("actor_a") in net.nodes or row.get("actor_b") in net.nodes):
                continue
            add_relation(net, row)
    if f.edge_types is not None:
        net.edges = {k: e for k, e in net.edges.items() if e.type in f.edge_types}
    if inter_of:
        for node in net.nodes.values():
            if not node.inter and node.name in inter_of:
                node.inter = inter_of[node.name]
    return net.prune(f.min_weight)
