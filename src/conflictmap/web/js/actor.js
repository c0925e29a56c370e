// The actor pages: a searchable table of actors, and one actor's profile.

import { getJSON } from "./api.js";
import { clear, el, fmtDate, fmtInt } from "./dom.js";
import { renderNetwork } from "./network.js";
import { renderTimeline } from "./timeline.js";
import { typeColor } from "./colors.js";

export async function renderActorList(container, filters, { onOpen }) {
  clear(container);
  const search = el("input", { type: "search", placeholder: "Find an actor…", style: "max-width:320px" });
  const table = el("table", { class: "actor-table" });
  const count = el("span", { class: "muted small" });
  container.appendChild(el("div", { class: "card" }, el("h3", { text: "Actors" }),
    el("div", { style: "display:flex;gap:12px;align-items:center;margin-bottom:8px" }, search, count), table));
  const load = async () => {
    const data = await getJSON("/api/actors", { ...filters, name: search.value, limit: 200 });
    count.textContent = `${fmtInt(data.total)} actors${data.actor_base ? "" : " · actor base not installed: no aliases"}`;
    table.replaceChildren(el("thead", {}, el("tr", {}, ...["Actor", "Type", "Country", "Events", "Fatalities", "First", "Last"].map((t) => el("th", { text: t })))),
      el("tbody", {}, data.items.map((a) => el("tr", {},
        el("td", {}, el("a", { href: `#actor/${encodeURIComponent(a.name)}`, text: a.name, onclick: (ev) => { ev.preventDefault(); onOpen(a.name); } })),
        el("td", { text: a.type }), el("td", { text: a.country || "—" }), el("td", { text: fmtInt(a.events) }),
        el("td", { text: fmtInt(a.fatalities) }), el("td", { text: fmtDate(a.first) }), el("td", { text: fmtDate(a.last) })))));
  };
  let timer = null;
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 200); });
  await load();
}

/** Relation statements grouped by (relation, direction, other actor, polarity). */
export function groupRelations(relations, name) {
  const groups = new Map();
  for (const r of relations) {
    const outgoing = r.actor_a === name;
    const other = outgoing ? r.actor_b : r.actor_a;
    const label = `${outgoing ? "" : "← "}${r.relation.replace(/_/g, " ")}`;
    const key = `${label}|${other}|${r.polarity}`;
    const g = groups.get(key) || { label, other, polarity: r.polarity, count: 0, first: null, last: null };
    g.count += 1;
    if (r.date_start) {
      g.first = !g.first || r.date_start < g.first ? r.date_start : g.first;
      g.last = !g.last || r.date_start > g.last ? r.date_start : g.last;
    }
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count)
    .map((g) => ({ ...g, dates: g.first ? (g.first === g.last ? g.first : `${g.first} – ${g.last}`) : "undated" }));
}

/** "affiliated with AQIM (2017-03 to now)" from an actor-base affiliation record. */
export function affiliationText(a) {
  if (typeof a === "string") return a;
  if (!a || typeof a !== "object") return String(a);
  const what = `${String(a.relation || "related to").replace(/_/g, " ")} ${a.target || a.actor || ""}`.trim();
  const when = a.from || a.to ? ` (${a.from || "?"} to ${a.to || "now"})` : "";
  return what + when;
}

function fact(value, label) {
  return el("div", { class: "fact" }, el("b", { text: value }), el("span", { text: label }));
}

export async function renderActor(container, name, filters, { onOpen, onEvent, onBack }) {
  clear(container);
  let data;
  try {
    data = await getJSON(`/api/actors/${encodeURIComponent(name)}`, filters);
  } catch (err) {
    container.appendChild(el("div", { class: "card" }, el("button", { type: "button", text: "← All actors", onclick: onBack }),
      el("p", { text: `No data for this actor with the current filters (${err.message}).` })));
    return;
  }
  const s = data.summary;
  const head = el("div", { class: "card", id: "actor-head", dataset: { actor: name } },
    el("button", { type: "button", class: "back", text: "← All actors", onclick: onBack }),
    el("h3", { text: name, style: "font-size:20px" }),
    el("div", { class: "muted", text: [s.type, s.country].filter(Boolean).join(" · ") }),
    el("div", { class: "facts" }, fact(fmtInt(s.events || 0), "events"), fact(fmtInt(s.fatalities || 0), "fatalities"),
      fact(fmtInt(data.relations.length), "stated relations"), fact(fmtDate(s.first), "first seen"), fact(fmtDate(s.last), "last seen")));
  if (data.known) {
    head.appendChild(el("div", {}, el("h2", { text: "Aliases" }),
      el("div", { class: "chips" }, (data.aliases || []).map((a) => el("span", { class: "chip", text: a })))));
    if ((data.affiliations || []).length) {
      head.appendChild(el("div", { style: "margin-top:8px" }, el("h2", { text: "Affiliations (actor base)" }),
        el("ul", {}, data.affiliations.map((a) => el("li", { text: affiliationText(a), title: (a && a.note) || null })))));
    }
  } else {
    head.appendChild(el("p", { class: "muted small", text: "Not in the actor base (or the base is not installed): no aliases or curated affiliations." }));
  }
  const chart = el("div", { class: "chart" });
  const ego = el("div", { class: "ego" });
  const relTable = el("table", {}, el("thead", {}, el("tr", {}, ...["Relation", "With", "Polarity", "Stated", "Dates"].map((t) => el("th", { text: t })))),
    el("tbody", {}, groupRelations(data.relations, name).map((g) => el("tr", {},
      el("td", { text: g.label }),
      el("td", {}, el("a", { href: `#actor/${encodeURIComponent(g.other)}`, text: g.other, onclick: (ev) => { ev.preventDefault(); onOpen(g.other); } })),
      el("td", { text: g.polarity }), el("td", { text: `${g.count}×` }), el("td", { text: g.dates })))));
  const byType = el("ul", { class: "plain" }, data.by_type.map((t) => {
    const sw = el("span", { class: "swatch" });
    sw.style.background = typeColor(t.event_type);
    return el("li", {}, sw, ` ${t.event_type}: ${fmtInt(t.events)} events, ${fmtInt(t.fatalities)} fatalities`);
  }));
  const recent = el("ul", {}, data.recent_events.map((e) => el("li", {},
    el("a", { href: "#map", text: `${fmtDate(e.event_date)} — ${e.event_type}`, onclick: (ev) => { ev.preventDefault(); onEvent(e.event_id); } }),
    el("span", { class: "muted", text: ` ${[e.actor1, e.actor2].filter((x) => x && x !== name).join(", ")} (${e.country || "?"}, ${e.fatalities || 0} †)` }))));
  container.appendChild(head);
  container.appendChild(el("div", { class: "actor-grid" },
    el("div", {},
      el("div", { class: "card" }, el("h2", { text: "Activity per week" }), chart),
      el("div", { class: "card" }, el("h2", { text: "Event types" }), byType),
      el("div", { class: "card" }, el("h2", { text: "Recent events" }), recent)),
    el("div", {},
      el("div", { class: "card" }, el("h2", { text: "Ego network" }), ego),
      el("div", { class: "card" }, el("h2", { text: "Stated relations" }), data.relations.length ? relTable : el("p", { class: "muted", text: "None stated." })))));
  renderTimeline(chart, data.activity, {});
  renderNetwork(ego, data.network, { centre: name, onNode: (id) => id !== name && onOpen(id), labels: 15 });
}
