// The explorer: filters, map, timeline, event list and detail, network and actor views.

import { getJSON, queryString } from "./api.js";
import { clear, el, fmtInt } from "./dom.js";
import { TYPE_ORDER, typeColor } from "./colors.js";
import { EventMap } from "./map.js";
import { renderTimeline } from "./timeline.js";
import { renderDetail, renderList } from "./eventpanel.js";
import { renderEdgeLegend, renderNetwork } from "./network.js";
import { renderActor, renderActorList } from "./actor.js";

const PAGE = 100;
const state = { meta: null, brush: null, listLimit: PAGE, generation: 0, view: "map", isoOf: () => null };
const $ = (id) => document.getElementById(id);

function readFilters() {
  const form = new FormData($("filters"));
  const out = {};
  for (const [key, value] of form.entries()) if (value !== "") out[key] = value;
  return out;
}

/** The filters with the timeline selection applied to the date range. */
function listFilters() {
  const f = readFilters();
  if (state.brush) {
    const [from, to] = state.brush;
    f.date_from = f.date_from && f.date_from > from ? f.date_from : from;
    f.date_to = f.date_to && f.date_to < to ? f.date_to : to;
  }
  return f;
}

function setBusy(busy) {
  document.body.dataset.loading = busy ? "1" : "0";
  if (!busy) {
    state.generation += 1;
    document.body.dataset.generation = String(state.generation);
  }
}

function showError(err) {
  console.warn(err);
  $("summary").textContent = `Error: ${err.message}`;
}

async function refreshMapView({ fit = false } = {}) {
  setBusy(true);
  try {
    const base = readFilters();
    const filters = listFilters();
    const timelineStats = getJSON("/api/stats", base);
    const listStats = state.brush ? getJSON("/api/stats", filters) : timelineStats;
    const [tStats, lStats, points, page] = await Promise.all([
      timelineStats, listStats, getJSON("/api/events/points", { ...filters, limit: 5000 }),
      getJSON("/api/events", { ...filters, limit: state.listLimit })]);
    renderTimeline($("timeline"), tStats.by_week, { onBrush: onBrush, selection: state.brush });
    const shown = state.map.setPoints(points, fit);
    const status = $("map-status");
    status.dataset.count = String(shown);
    status.dataset.total = String(points.total);
    status.textContent = shown < points.total ? `${fmtInt(shown)} of ${fmtInt(points.total)} located events shown` : `${fmtInt(shown)} located events`;
    $("summary").replaceChildren(el("b", { text: fmtInt(lStats.total.events) }), " events · ",
      el("b", { text: fmtInt(lStats.total.fatalities) }), " fatalities");
    await state.map.setChoropleth($("choropleth").value, $("choropleth").value === "2" ? lStats.by_admin2 : lStats.by_admin1, state.isoOf, $("choro-legend"));
    renderList($("event-list"), page, { onOpen: openEvent, onMore: () => { state.listLimit = Math.min(1000, state.listLimit + PAGE); refreshMapView(); } });
    updateLinks(filters);
    $("brush-label").textContent = state.brush ? `${state.brush[0]} → ${state.brush[1]}` : "";
    $("brush-clear").hidden = !state.brush;
  } catch (err) {
    showError(err);
  } finally {
    setBusy(false);
  }
}

function onBrush(from, to) {
  state.brush = [from, to];
  state.listLimit = PAGE;
  refreshMapView();
}

function updateLinks(filters) {
  const box = $("exports");
  clear(box);
  for (const fmt of state.meta.export_formats) {
    box.appendChild(el("a", { href: `/api/export/${fmt}${queryString(filters)}`, text: fmt, download: "" }));
  }
  const report = { country: filters.country, admin1: filters.admin1, from: filters.date_from, to: filters.date_to };
  $("report-link").setAttribute("href", `report.html${queryString(report)}`);
}

async function openEvent(eventId) {
  if (state.view !== "map") location.hash = "#map";
  try {
    const detail = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    $("event-list").hidden = true;
    const box = $("event-detail");
    box.hidden = false;
    renderDetail(box, detail, {
      canCorrect: state.meta.corrections_enabled,
      onBack: () => { box.hidden = true; $("event-list").hidden = false; state.map.select(null); },
      onChanged: (id) => { refreshMapView(); openEvent(id); },
      onActor: (name) => { location.hash = `#actor/${encodeURIComponent(name)}`; },
    });
    state.map.select(detail.event);
    box.scrollIntoView({ block: "start" });
    $("panel").scrollTop = 0;
  } catch (err) {
    showError(err);
  }
}

async function refreshNetwork() {
  setBusy(true);
  try {
    const params = { ...listFilters(), min_weight: $("net-weight").value, max_nodes: $("net-max").value, relations: $("net-relations").checked };
    const data = await getJSON("/api/network", params);
    $("net-status").textContent = `${data.nodes.length} of ${data.total_nodes} actors · ${data.edges.length} ties`;
    renderNetwork($("network"), data, { onNode: (id) => { location.hash = `#actor/${encodeURIComponent(id)}`; } });
  } catch (err) {
    showError(err);
  } finally {
    setBusy(false);
  }
}

async function route() {
  const hash = decodeURIComponent(location.hash.slice(1) || "map");
  const [view, ...rest] = hash.split("/");
  const name = rest.join("/");
  const target = view === "actor" ? "actors" : (["map", "network", "actors"].includes(view) ? view : "map");
  state.view = target;
  for (const section of document.querySelectorAll(".view")) section.classList.toggle("active", section.id === `view-${target}`);
  for (const tab of document.querySelectorAll(".tab[data-view]")) tab.classList.toggle("active", tab.dataset.view === target);
  if (target === "map") {
    state.map.invalidate();
  } else if (target === "network") {
    await refreshNetwork();
  } else if (view === "actor" && name) {
    setBusy(true);
    await renderActor($("actors"), name, listFilters(), {
      onOpen: (n) => { location.hash = `#actor/${encodeURIComponent(n)}`; },
      onEvent: (id) => { location.hash = "#map"; openEvent(id); },
      onBack: () => { location.hash = "#actors"; },
    }).catch(showError);
    setBusy(false);
  } else {
    setBusy(true);
    await renderActorList($("actors"), listFilters(), { onOpen: (n) => { location.hash = `#actor/${encodeURIComponent(n)}`; } }).catch(showError);
    setBusy(false);
  }
}

function fillControls(meta) {
  const country = document.querySelector("select[name=country]");
  for (const c of meta.countries) country.appendChild(el("option", { value: c.name, text: `${c.name} (${fmtInt(c.events)})` }));
  const types = document.querySelector("select[name=event_type]");
  for (const t of Object.keys(meta.event_types)) types.appendChild(el("option", { value: t, text: t }));
  const legend = $("legend");
  for (const t of TYPE_ORDER.filter((x) => x !== "Unknown")) {
    const sw = el("span", { class: "swatch" });
    sw.style.background = typeColor(t);
    legend.appendChild(el("li", {}, sw, t));
  }
  const iso = new Map(meta.countries.map((c) => [c.name, c.iso3]));
  state.isoOf = (name) => iso.get(name) || null;
  renderEdgeLegend($("net-legend"));
}

async function fillAdmin1() {
  const stats = await getJSON("/api/stats", { kind: "all" });
  const list = $("admin1-list");
  const seen = new Set();
  for (const a of stats.by_admin1) {
    if (seen.has(a.admin1)) continue;
    seen.add(a.admin1);
    list.appendChild(el("option", { value: a.admin1, text: `${a.admin1} (${a.country})` }));
  }
}

async function main() {
  setBusy(true);
  state.meta = await getJSON("/api/meta");
  fillControls(state.meta);
  state.map = new EventMap($("map"), { onEventClick: openEvent, onAreaClick: null });
  // outlines and events load side by side: the markers do not wait for the polygons
  const base = state.map.loadBase().catch(showError);
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.brush = null;
    state.listLimit = PAGE;
    $("event-detail").hidden = true;
    $("event-list").hidden = false;
    state.map.select(null);
    route();
    refreshMapView({ fit: true });
  });
  $("filters").addEventListener("reset", () => setTimeout(() => { state.brush = null; refreshMapView({ fit: true }); route(); }, 0));
  $("brush-clear").addEventListener("click", () => { state.brush = null; refreshMapView(); });
  $("choropleth").addEventListener("change", () => refreshMapView());
  for (const id of ["net-weight", "net-max", "net-relations"]) $(id).addEventListener("change", refreshNetwork);
  window.addEventListener("hashchange", route);
  let resizeTimer = null;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { state.map.invalidate(); refreshMapView(); }, 250); });
  await refreshMapView({ fit: true });
  await base;
  if ($("choropleth").value) await refreshMapView();    // areas chosen before their polygons came
  await route();
  document.body.dataset.ready = "1";
  fillAdmin1().catch(showError);
}

main().catch(showError);
