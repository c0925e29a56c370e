// The situation report: one area and period against the previous period of the same
// length, with key events, trends, top actors and a map drawn as SVG (prints cleanly).

import { getJSON } from "./api.js";
import { clear, el, fmtDate, fmtInt, fold, svg } from "./dom.js";
import { typeColor } from "./colors.js";
import { renderTimeline } from "./timeline.js";
import { radiusFor } from "./map.js";

const params = new URLSearchParams(location.search);

function delta(now, before, pct) {
  if (pct === null || pct === undefined) return el("span", { class: "delta muted", text: before ? "" : "no events in the previous period" });
  const up = now > before;
  return el("span", { class: `delta ${up ? "up" : now < before ? "down" : ""}`, text: `${up ? "▲" : now < before ? "▼" : "="} ${Math.abs(pct)}% vs previous (${fmtInt(before)})` });
}

function project(bounds, width, height) {
  const [x0, y0, x1, y1] = bounds;
  const k = Math.min(width / (x1 - x0 || 1), height / (y1 - y0 || 1));
  const ox = (width - k * (x1 - x0)) / 2;
  const oy = (height - k * (y1 - y0)) / 2;
  return ([lon, lat]) => [ox + (lon - x0) * k, oy + (y1 - lat) * k];
}

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

function boundsOf(features, pts) {
  let b = [Infinity, Infinity, -Infinity, -Infinity];
  const add = ([x, y]) => { b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)]; };
  for (const f of features) for (const ring of rings(f.geometry)) ring.forEach(add);
  pts.forEach(add);
  if (!Number.isFinite(b[0])) return [-18, 4, 24, 24];
  const padX = (b[2] - b[0]) * 0.05 + 0.1;
  const padY = (b[3] - b[1]) * 0.05 + 0.1;
  return [b[0] - padX, b[1] - padY, b[2] + padX, b[3] + padY];
}

async function areaFeatures(report, meta) {
  const country = report.area.country;
  const iso = country ? (meta.countries.find((c) => fold(c.name) === fold(country)) || {}).iso3 : null;
  const index = await getJSON("/api/boundaries").catch(() => ({ items: [] }));
  const wanted = iso ? [iso] : [...new Set(index.items.map((b) => b.iso3))];
  const out = { focus: [], context: [] };
  for (const code of wanted) {
    const has = (lv) => index.items.some((b) => b.iso3 === code && b.level === lv);
    if (!has(1)) continue;
    const adm1 = await getJSON(`/api/boundaries/${code}/1`);
    for (const f of adm1.features) {
      const hit = !report.area.admin1 || fold(f.properties.shapeName) === fold(report.area.admin1);
      (hit ? out.focus : out.context).push(f);
    }
  }
  if (report.area.admin1 && !out.focus.length) out.focus = out.context.splice(0);
  return out;
}

function drawMap(container, features, points) {
  const width = 520;
  const height = 380;
  const col = Object.fromEntries(points.columns.map((c, i) => [c, i]));
  const pts = points.rows.map((r) => [r[col.longitude], r[col.latitude]]);
  const proj = project(boundsOf(features.focus.length ? features.focus : features.context, pts), width, height);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Map of the period's events", "data-points": pts.length });
  const path = (f) => rings(f.geometry).map((ring) => "M" + ring.map((p) => proj(p).map((v) => v.toFixed(1)).join(",")).join("L") + "Z").join("");
  for (const f of features.context) root.appendChild(svg("path", { d: path(f), fill: "#f3f1ea", stroke: "#b9b4a6", "stroke-width": 0.6 }));
  for (const f of features.focus) root.appendChild(svg("path", { d: path(f), fill: "#fffdf6", stroke: "#59606b", "stroke-width": 1.2 }));
  points.rows.forEach((r, i) => {
    const [x, y] = proj(pts[i]);
    root.appendChild(svg("circle", { cx: x, cy: y, r: radiusFor(r[col.fatalities]) * 0.8, fill: typeColor(r[col.event_type]), "fill-opacity": 0.8, stroke: "#fff", "stroke-width": 0.8 }));
  });
  container.appendChild(root);
}

function table(headers, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.num ? "num" : null, text: h.label })))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((cell, i) => el("td", { class: headers[i].num ? "num" : null }, cell))))));
}

async function render() {
  const box = document.getElementById("report");
  const meta = await getJSON("/api/meta");
  let from = params.get("from");
  let to = params.get("to");
  if (!from || !to) {
    const latest = await getJSON("/api/events", { limit: 1, sort: "-event_date" });
    const end = latest.items.length && latest.items[0].event_date ? latest.items[0].event_date : new Date().toISOString().slice(0, 10);
    to = to || end;
    from = from || new Date(Date.parse(to + "T00:00:00Z") - 29 * 86400000).toISOString().slice(0, 10);
  }
  const form = document.getElementById("report-form");
  for (const [k, v] of Object.entries({ country: params.get("country") || "", admin1: params.get("admin1") || "", from, to })) form.elements[k].value = v;
  const report = await getJSON("/api/report", { from, to, country: params.get("country"), admin1: params.get("admin1"), admin2: params.get("admin2") });
  const area = [report.area.admin2, report.area.admin1, report.area.country].filter(Boolean).join(", ") || "All covered countries";
  clear(box);
  box.appendChild(el("header", { class: "rh" },
    el("div", { class: "kicker", text: "ConflictMap · Situation report" }),
    el("h1", { id: "report-title", text: area }),
    el("div", { class: "muted", text: `${fmtDate(report.period.from)} – ${fmtDate(report.period.to)} (${report.period.days} days), compared with ${fmtDate(report.previous_period.from)} – ${fmtDate(report.previous_period.to)}` })));
  const t = report.totals;
  const p = report.previous_totals;
  box.appendChild(el("section", { class: "kpis" },
    el("div", { class: "kpi" }, el("b", { id: "kpi-events", text: fmtInt(t.events) }), "events", el("br"), delta(t.events, p.events, report.change_pct.events)),
    el("div", { class: "kpi" }, el("b", { text: fmtInt(t.fatalities) }), "reported fatalities", el("br"), delta(t.fatalities, p.fatalities, report.change_pct.fatalities)),
    el("div", { class: "kpi" }, el("b", { text: fmtInt(report.by_type.filter((x) => x.event_type === "Violence against civilians").reduce((a, x) => a + x.events, 0)) }), "attacks on civilians"),
    el("div", { class: "kpi" }, el("b", { text: fmtInt(report.top_actors.length) }), "actors involved (top 10 listed)")));
  const mapBox = el("div", { class: "map", id: "report-map" });
  const chart = el("div", { class: "chart" });
  chart.style.height = "130px";
  box.appendChild(el("section", { class: "two" },
    el("div", {}, el("h2", { text: "Map of events" }), mapBox),
    el("div", {}, el("h2", { text: "Events per week" }), chart,
      el("h2", { text: "By event type" }),
      table([{ label: "Type" }, { label: "Events", num: true }, { label: "Previous", num: true }, { label: "Fatalities", num: true }],
        report.by_type.map((x) => { const sw = el("span", { class: "sw" }); sw.style.background = typeColor(x.event_type); return [el("span", {}, sw, x.event_type), fmtInt(x.events), fmtInt(x.previous_events), fmtInt(x.fatalities)]; })))));
  box.appendChild(el("h2", { text: "Most active actors" }));
  box.appendChild(table([{ label: "Actor" }, { label: "Events", num: true }, { label: "Fatalities", num: true }],
    report.top_actors.map((a) => [a.actor, fmtInt(a.events), fmtInt(a.fatalities)])));
  box.appendChild(el("h2", { text: "Key events (by fatalities)" }));
  const list = el("section", { id: "key-events" });
  for (const e of report.key_events) {
    const item = el("div", { class: "event" },
      el("div", { class: "meta", text: `${fmtDate(e.event_date)} · ${[e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", ")} · ${e.sub_event_type || e.event_type} · ${fmtInt(e.fatalities || 0)} fatalities` }),
      el("div", { text: [e.actor1, e.actor2].filter(Boolean).join(" vs ") }),
      el("div", { class: "quote", text: e.evidence_text ? `“${e.evidence_text}”` : "" }));
    item.style.borderLeftColor = typeColor(e.event_type);
    list.appendChild(item);
  }
  if (!report.key_events.length) list.appendChild(el("p", { class: "muted", text: "No events in this period." }));
  box.appendChild(list);
  box.appendChild(el("div", { class: "foot", text: `Generated by ConflictMap ${meta.version} from coded news reports (ACLED conventions). Figures are as reported by the sources and may be revised. Boundaries: geoBoundaries; outlines: Natural Earth.` }));
  renderTimeline(chart, report.by_week, {});
  drawMap(mapBox, await areaFeatures(report, meta), report.points);
  document.body.dataset.ready = "1";
}

document.getElementById("print").addEventListener("click", () => window.print());
document.getElementById("report-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const data = Object.fromEntries([...new FormData(ev.target).entries()].filter(([, v]) => v));
  location.search = new URLSearchParams(data).toString();
});
render().catch((err) => {
  const box = document.getElementById("report");
  box.replaceChildren(el("p", { class: "muted", text: `Could not build the report: ${err.message}` }));
  document.body.dataset.ready = "error";
});
