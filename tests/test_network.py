"""network.py: typed, weighted, dated edges from events and relations; filters."""

from __future__ import annotations

from conflictmap.models import EventDate, Relation
from conflictmap.network import NetworkFilter, build_network
from explorer_fixtures import make_event

JNIM = "JNIM: Group for Support of Islam and Muslims"
FAMA = "Military Forces of Mali"


def rec(**kw):
    return make_event(**kw).as_record()


def test_battle_is_undirected_fought_edge_aggregated():
    rows = [rec(event_id="e1", event_type="Battles", sub_event_type="Armed clash", actor1=JNIM, inter1=2,
                actor2=FAMA, inter2=1, fatalities=3, day="2021-01-05"),
            rec(event_id="e2", event_type="Battles", sub_event_type="Armed clash", actor1=FAMA, inter1=1,
                actor2=JNIM, inter2=2, fatalities=2, day="2021-02-10")]
    net = build_network(rows)
    assert len(net.edges) == 1
    edge = next(iter(net.edges.values()))
    assert edge.type == "fought" and not edge.directed
    assert edge.weight == 2 and edge.fatalities == 5
    assert (edge.first, edge.last) == ("2021-01-05", "2021-02-10")
    assert edge.sources == ["e1", "e2"]
    assert net.nodes[JNIM].events == 2 and net.nodes[FAMA].inter == 1


def test_attack_is_directed_and_assoc_actors_are_allies():
    row = rec(event_id="e3", event_type="Violence against civilians", actor1=JNIM, inter1=2,
              actor2="Civilians (Mali)", inter2=7, assoc_actor_1=["Katiba Macina"])
    net = build_network([row])
    types = {(e.type, e.source, e.target, e.directed) for e in net.edges.values()}
    assert ("attacked", JNIM, "Civilians (Mali)", True) in types
    assert ("allied_with", JNIM, "Katiba Macina", False) in types or \
           ("allied_with", "Katiba Macina", JNIM, False) in types
    assert net.nodes["Katiba Macina"].events == 1


def test_relations_add_typed_edges_and_denied_are_dropped():
    rels = [Relation("a1", "affiliated_with", "Katiba Macina", JNIM, EventDate("2020-01-01", "2020-01-01", "day")).as_record(),
            Relation("a2", "cooperates_with", "Ansar Dine", JNIM, polarity="denied").as_record()]
    net = build_network([], rels)
    assert {e.type for e in net.edges.values()} == {"affiliated_with"}
    edge = next(iter(net.edges.values()))
    assert edge.directed and edge.origin == "relation" and edge.source == "Katiba Macina"


def test_filters_window_country_min_weight():
    rows = [rec(event_id=f"e{i}", event_type="Battles", actor1=JNIM, actor2=FAMA, day=f"2021-0{1 + i % 3}-01",
                country="Mali") for i in range(5)]
    rows.append(rec(event_id="x", event_type="Battles", actor1="Islamic State (Sahel)", actor2=FAMA,
                    day="2021-01-01", country="Niger"))
    assert len(build_network(rows, flt=NetworkFilter(country="Niger")).edges) == 1
    window = build_network(rows, flt=NetworkFilter(date_from="2021-02-01", date_to="2021-02-28"))
    assert next(iter(window.edges.values())).weight == sum(1 for i in range(5) if i % 3 == 1)
    heavy = build_network(rows, flt=NetworkFilter(min_weight=2))
    assert set(heavy.nodes) == {JNIM, FAMA}
    assert "Islamic State (Sahel)" not in heavy.nodes


def test_ego_top_and_networkx():
    rows = [rec(event_id="a", event_type="Battles", actor1=JNIM, actor2=FAMA),
            rec(event_id="b", event_type="Battles", actor1=FAMA, actor2="Islamic State (Sahel)"),
            rec(event_id="c", event_type="Battles", actor1="Ansar Dine", actor2="MNLA")]
    net = build_network(rows)
    ego = net.ego(JNIM.lower())
    assert set(ego.nodes) == {JNIM, FAMA}
    assert set(net.ego(JNIM, depth=2).nodes) == {JNIM, FAMA, "Islamic State (Sahel)"}
    assert len(net.top(2).nodes) == 2 and FAMA in net.top(2).nodes
    g = net.to_networkx()
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 3
    assert net.as_dict()["edges"][0]["sources"]


def test_kinds_other_than_event_are_ignored():
    row = rec(event_id="agg", event_type="Battles", actor1=JNIM, actor2=FAMA)
    row["kind"] = "aggregate"
    assert not build_network([row]).nodes


def test_without_isolates():
    rows = [rec(event_id="a", event_type="Battles", actor1=JNIM, actor2=FAMA),
            rec(event_id="p", event_type="Protests", actor1="Protesters (Mali)", actor2=None)]
    net = build_network(rows)
    assert "Protesters (Mali)" in net.nodes
    assert set(net.without_isolates().nodes) == {JNIM, FAMA}
