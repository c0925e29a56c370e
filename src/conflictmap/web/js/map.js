// The offline map: a world outline, the package's admin boundaries, event clusters
// coloured by type and sized by fatalities, and an admin1/admin2 choropleth.

import { getJSON } from "./api.js";
import { el, fold, fmtDate, fmtInt } from "./dom.js";
import { classColor, quantileBreaks, RAMP, typeColor } from "./colors.js";

const SAHEL = [[3.5, -18], [24, 24]];

export function radiusFor(fatalities) {
  return 4 + Math.min(14, Math.sqrt(fatalities || 0) * 2);
}

function dominantColor(markers) {
  const counts = new Map();
  for (const m of markers) counts.set(m.options.eventType, (counts.get(m.options.eventType) || 0) + 1);
  let best = null;
  let n = -1;
  for (const [type, c] of counts) if (c > n) { best = type; n = c; }
  return typeColor(best);
}

export class EventMap {
  constructor(container, { onEventClick, onAreaClick } = {}) {
    this.onEventClick = onEventClick;
    this.onAreaClick = onAreaClick;
    this.map = L.map(container, { minZoom: 2, maxZoom: 13, preferCanvas: false, zoomSnap: 0.25, worldCopyJump: false, attributionControl: true });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("geoBoundaries · Natural Earth");
    this.map.fitBounds(SAHEL);
    this.map.createPane("base").style.zIndex = 250;
    this.map.createPane("areas").style.zIndex = 350;
    this.map.createPane("outlines").style.zIndex = 360;
    const selection = this.map.createPane("selection");
    selection.style.zIndex = 650;
    selection.style.pointerEvents = "none";
    this.selected = null;
    this.cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true,
      // the last chunk is drawn right after this call: count once it is on the map
      chunkProgress: (done, total) => { if (done === total) setTimeout(() => this.recount(), 0); },
      iconCreateFunction: (c) => {
        const n = c.getChildCount();
        const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
        const div = el("div", { class: "cluster", text: fmtInt(n) });
        div.style.background = dominantColor(c.getAllChildMarkers());
        div.style.width = div.style.height = `${size}px`;
        return L.divIcon({ html: div, className: "", iconSize: [size, size] });
      },
    });
    this.map.addLayer(this.cluster);
    this.map.on("moveend", () => setTimeout(() => this.recount(), 0));
    this.container = this.map.getContainer();
    this.canvas = L.canvas({ padding: 0.3 });
    this.areaLayers = { 1: [], 2: [] };
    this.available = [];
    this.count = 0;
  }

  async loadBase() {
    const world = await getJSON("data/world.geojson");
    L.geoJSON(world, { pane: "base", interactive: false, style: { color: "#b9b4a6", weight: 0.7, fillColor: "#f3f1ea", fillOpacity: 1 } }).addTo(this.map);
    const index = await getJSON("/api/boundaries").catch(() => ({ items: [] }));
    this.available = index.items;
    const loads = index.items.filter((b) => b.level === 0 || b.level === 1).map(async (b) => {
      const gj = await getJSON(`/api/boundaries/${b.iso3}/${b.level}`);
      const layer = L.geoJSON(gj, {
        pane: b.level === 0 ? "outlines" : "areas",
        interactive: b.level === 1,
        style: b.level === 0 ? { color: "#59606b", weight: 1.4, fill: false } : { color: "#8d96a3", weight: 0.7, fillOpacity: 0, fillColor: "#fff" },
        onEachFeature: (feature, lyr) => this._areaFeature(b.iso3, 1, feature, lyr),
      });
      layer.addTo(this.map);
      if (b.level === 1) this.areaLayers[1].push({ iso3: b.iso3, layer });
    });
    await Promise.all(loads);
  }

  _areaFeature(iso3, level, feature, lyr) {
    const name = feature.properties && feature.properties.shapeName;
    lyr.options.areaKey = `${iso3}|${fold(name)}`;
    lyr.options.areaName = name;
    lyr.on("mouseover", () => {
      const n = (this.areaCounts && this.areaCounts.get(lyr.options.areaKey)) || 0;
      lyr.bindTooltip(el("span", { text: `${name}: ${fmtInt(n)} events` }), { sticky: true }).openTooltip();
    });
    lyr.on("click", () => this.onAreaClick && this.onAreaClick(level, name, iso3));
  }

  async ensureAdmin2() {
    if (this.areaLayers[2].length) return;
    const items = this.available.filter((b) => b.level === 2);
    await Promise.all(items.map(async (b) => {
      const gj = await getJSON(`/api/boundaries/${b.iso3}/2`);
      const layer = L.geoJSON(gj, {
        pane: "areas", style: { color: "#a3abb6", weight: 0.5, fillOpacity: 0 },
        onEachFeature: (feature, lyr) => this._areaFeature(b.iso3, 2, feature, lyr),
      });
      this.areaLayers[2].push({ iso3: b.iso3, layer });
    }));
  }

  /** level: "", "1" or "2"; rows: stats.by_admin1 / by_admin2; isoOf: country name -> ISO3. */
  async setChoropleth(level, rows, isoOf, legend) {
    if (level === "2") await this.ensureAdmin2();
    for (const { layer } of this.areaLayers[2]) {
      if (level === "2") layer.addTo(this.map); else layer.remove();
    }
    const counts = new Map();
    for (const r of rows || []) {
      const name = level === "2" ? r.admin2 : r.admin1;
      const key = `${isoOf(r.country)}|${fold(name)}`;
      counts.set(key, (counts.get(key) || 0) + r.events);
    }
    this.areaCounts = counts;
    const max = Math.max(0, ...counts.values());
    const breaks = quantileBreaks([...counts.values()]);
    for (const lv of [1, 2]) {
      for (const { layer } of this.areaLayers[lv]) {
        layer.eachLayer((lyr) => {
          const active = level === String(lv);
          const fill = active ? classColor(counts.get(lyr.options.areaKey) || 0, breaks) : null;
          lyr.setStyle({ fillColor: fill || "#ffffff", fillOpacity: fill ? 0.72 : 0 });
        });
      }
    }
    if (legend) {
      legend.hidden = !level;
      legend.replaceChildren(el("div", { text: `Events per admin ${level}` }),
        el("div", { class: "ramp" }, RAMP.map((c) => { const s = el("span"); s.style.background = c; return s; })),
        el("div", { class: "muted" }, `quantile classes, ${fmtInt(Math.min(...[...counts.values()].filter((v) => v > 0), max))} … ${fmtInt(max)}`));
    }
  }

  /** points: {columns, rows, total} from /api/events/points. */
  setPoints(points, fit = false) {
    this.cluster.clearLayers();
    const col = Object.fromEntries(points.columns.map((c, i) => [c, i]));
    const markers = [];
    for (const r of points.rows) {
      const type = r[col.event_type] || "Unknown";
      const marker = L.circleMarker([r[col.latitude], r[col.longitude]], {
        radius: radiusFor(r[col.fatalities]), color: "#ffffff", weight: 1, fillColor: typeColor(type), fillOpacity: 0.88,
        eventType: type, eventId: r[col.event_id], renderer: this.canvas,
      });
      marker.once("mouseover", () => {   // tooltips are built on first hover: thousands of markers load fast
        const tip = el("div", {},
          el("div", { class: "popup-title", text: `${type} · ${r[col.location] || "unknown place"}` }),
          el("div", { text: `${fmtDate(r[col.event_date])} · ${fmtInt(r[col.fatalities] || 0)} fatalities` }),
          el("div", { class: "muted", text: [r[col.actor1], r[col.actor2]].filter(Boolean).join(" vs ") }));
        marker.bindTooltip(tip, { direction: "top" }).openTooltip();
      });
      marker.on("click", () => this.onEventClick && this.onEventClick(r[col.event_id]));
      markers.push(marker);
    }
    if (fit && markers.length) {     // the final view first: the clusters are drawn once
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      this.map.fitBounds(bounds.pad(0.15), { maxZoom: 8, animate: false });
    }
    this.cluster.addLayers(markers);
    this.count = markers.length;
    this.recount();
    return markers.length;
  }

  /**
   * How the located events are drawn in the current view, written to the map element's
   * data-singles (markers drawn alone) and data-clustered (markers inside a drawn
   * cluster). Single markers are canvas circles, so the page cannot count them itself.
   */
  recount() {
    let singles = 0;
    let clustered = 0;
    this.cluster.eachLayer((marker) => {
      if (this.map.hasLayer(marker)) { singles += 1; return; }
      for (let parent = marker.__parent; parent; parent = parent.__parent) {
        if (parent._icon) { clustered += 1; return; }
      }
    });
    this.container.dataset.singles = String(singles);
    this.container.dataset.clustered = String(clustered);
    return { singles, clustered };
  }

  /** Ring the event open in the panel (null: none), panning to it when it is out of view. */
  select(event) {
    if (this.selected) this.selected.remove();
    this.selected = null;
    const located = event && event.latitude !== null && event.latitude !== undefined
      && event.longitude !== null && event.longitude !== undefined;
    this.container.dataset.selected = located ? event.event_id : "";
    if (!located) return;
    const at = L.latLng(event.latitude, event.longitude);
    this.selected = L.circleMarker(at, { pane: "selection", radius: 14, color: "#111827", weight: 2.5,
      dashArray: "4 3", fill: false, interactive: false }).addTo(this.map);
    if (!this.map.getBounds().contains(at)) this.map.panTo(at);
  }

  invalidate() { this.map.invalidateSize(); }
}
