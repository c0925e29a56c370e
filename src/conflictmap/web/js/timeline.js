// Events per week, stacked by event type, as SVG; dragging across it selects a period.

import { clear, svg, fmtInt } from "./dom.js";
import { TYPE_ORDER, typeColor } from "./colors.js";

const DAY = 86400000;

function addDays(iso, days) {
  return new Date(Date.parse(iso + "T00:00:00Z") + days * DAY).toISOString().slice(0, 10);
}

/** Every week from the first to the last, gaps filled with zeros. */
export function fillWeeks(byWeek) {
  if (!byWeek.length) return [];
  const known = new Map(byWeek.map((w) => [w.week, w]));
  const out = [];
  for (let week = byWeek[0].week; week <= byWeek[byWeek.length - 1].week; week = addDays(week, 7)) {
    out.push(known.get(week) || { week, events: 0, fatalities: 0, by_type: {} });
    if (out.length > 2000) break;
  }
  return out;
}

/**
 * Draw the chart into `container`.
 * options.onBrush(from, to): called with ISO dates when the user selects a period
 * options.selection: [from, to] to draw as the current selection
 */
export function renderTimeline(container, byWeek, options = {}) {
  clear(container);
  const weeks = fillWeeks(byWeek);
  const width = Math.max(200, container.clientWidth || 600);
  const height = Math.max(80, container.clientHeight || 120);
  const m = { top: 6, right: 8, bottom: 18, left: 34 };
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img",
    "aria-label": `${weeks.length} weeks of events`, "data-weeks": weeks.length });
  container.appendChild(root);
  if (!weeks.length) {
    root.appendChild(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "muted", text: "No dated events for these filters" }));
    return;
  }
  const innerW = width - m.left - m.right;
  const innerH = height - m.top - m.bottom;
  const max = Math.max(1, ...weeks.map((w) => w.events));
  const band = innerW / weeks.length;
  const y = (v) => m.top + innerH - (v / max) * innerH;
  const axis = svg("g", { class: "axis" });
  for (const tick of [0, Math.round(max / 2), max]) {
    axis.appendChild(svg("text", { x: m.left - 4, y: y(tick) + 3, "text-anchor": "end", text: fmtInt(tick) }));
    axis.appendChild(svg("line", { x1: m.left, x2: width - m.right, y1: y(tick), y2: y(tick), "stroke-dasharray": tick ? "2,3" : null }));
  }
  let lastLabel = -Infinity;
  let lastYear = null;
  const many = weeks.length > 160;     // several years: label years only
  weeks.forEach((w, i) => {
    const x = m.left + i * band;
    const month = w.week.slice(0, 7);
    const prev = i > 0 ? weeks[i - 1].week.slice(0, 7) : null;
    const d = new Date(w.week + "T00:00:00Z");
    const year = d.getUTCFullYear();
    const wanted = many ? year !== lastYear : month !== prev;
    if (wanted && x - lastLabel > 44) {
      const label = many ? String(year)
        : d.toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" }) + (year !== lastYear ? ` ${year}` : "");
      axis.appendChild(svg("text", { x, y: height - 4, text: label }));
      lastLabel = x;
      lastYear = year;
    }
  });
  root.appendChild(axis);
  const bars = svg("g", { class: "bars" });
  weeks.forEach((w, i) => {
    let base = 0;
    const x = m.left + i * band + Math.min(1, band * 0.1);
    const bw = Math.max(1, band - Math.min(2, band * 0.2));
    const types = [...TYPE_ORDER, ...Object.keys(w.by_type || {}).filter((t) => !TYPE_ORDER.includes(t))];
    for (const type of types) {
      const n = (w.by_type || {})[type];
      if (!n) continue;
      const rect = svg("rect", { x, y: y(base + n), width: bw, height: Math.max(0.5, y(base) - y(base + n)), fill: typeColor(type) });
      rect.appendChild(svg("title", { text: `Week of ${w.week}: ${n} ${type} (${w.events} events, ${w.fatalities} fatalities)` }));
      bars.appendChild(rect);
      base += n;
    }
  });
  root.appendChild(bars);

  const dateAt = (px) => {
    const i = Math.max(0, Math.min(weeks.length - 1, Math.floor((px - m.left) / band)));
    return i;
  };
  const brush = svg("rect", { class: "brush", y: m.top, height: innerH, x: 0, width: 0, visibility: "hidden" });
  root.appendChild(brush);
  const drawSelection = (i0, i1) => {
    const a = Math.min(i0, i1);
    const b = Math.max(i0, i1);
    brush.setAttribute("x", m.left + a * band);
    brush.setAttribute("width", Math.max(2, (b - a + 1) * band));
    brush.setAttribute("visibility", "visible");
  };
  if (options.selection && options.selection[0]) {
    const [from, to] = options.selection;
    const i0 = weeks.findIndex((w) => addDays(w.week, 6) >= from);
    let i1 = weeks.length - 1;
    while (i1 > 0 && weeks[i1].week > to) i1 -= 1;
    if (i0 >= 0 && i1 >= i0) drawSelection(i0, i1);
  }
  if (!options.onBrush) return;
  const toLocal = (event) => {
    const box = root.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * width;
  };
  let start = null;
  root.addEventListener("pointerdown", (event) => {
    start = dateAt(toLocal(event));
    root.setPointerCapture(event.pointerId);
    drawSelection(start, start);
  });
  root.addEventListener("pointermove", (event) => {
    if (start !== null) drawSelection(start, dateAt(toLocal(event)));
  });
  root.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = dateAt(toLocal(event));
    const a = Math.min(start, end);
    const b = Math.max(start, end);
    start = null;
    options.onBrush(weeks[a].week, addDays(weeks[b].week, 6));
  });
}
