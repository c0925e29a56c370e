// The actor network: a small force-directed layout (our own) drawn as SVG.

import { clear, svg, el, fmtInt, tooltip } from "./dom.js";
import { EDGE_COLORS, INTER_COLORS, edgeColor } from "./colors.js";

/** Positions for nodes: repulsion between all pairs, springs along edges, gravity to the centre. */
export function forceLayout(nodes, edges, width, height, iterations = 300) {
  const n = nodes.length;
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  // deterministic start on a spiral, so the same data draws the same picture
  const pos = nodes.map((_d, i) => {
    const a = i * 2.399963;
    const r = 12 * Math.sqrt(i + 1);
    return { x: width / 2 + r * Math.cos(a), y: height / 2 + r * Math.sin(a), vx: 0, vy: 0 };
  });
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.weight || 1]).filter((l) => l[0] !== undefined && l[1] !== undefined);
  const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.6;
  for (let step = 0; step < iterations; step += 1) {
    const cool = 1 - step / iterations;
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (k * k) / d2;
        pos[i].vx += dx * f * 0.05; pos[i].vy += dy * f * 0.05;
        pos[j].vx -= dx * f * 0.05; pos[j].vy -= dy * f * 0.05;
      }
    }
    for (const [a, b, w] of links) {
      const dx = pos[b].x - pos[a].x;
      const dy = pos[b].y - pos[a].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = ((d - k) / d) * 0.06 * Math.min(3, 1 + Math.log(w));
      pos[a].vx += dx * f; pos[a].vy += dy * f;
      pos[b].vx -= dx * f; pos[b].vy -= dy * f;
    }
    for (const p of pos) {
      p.vx += (width / 2 - p.x) * 0.01;
      p.vy += (height / 2 - p.y) * 0.01;
      const speed = Math.sqrt(p.vx * p.vx + p.vy * p.vy);
      const limit = 20 * cool + 1;
      if (speed > limit) { p.vx *= limit / speed; p.vy *= limit / speed; }
      p.x += p.vx; p.y += p.vy;
      p.vx *= 0.5; p.vy *= 0.5;
    }
  }
  // fit into the box
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 36;
  const labelRoom = Math.min(170, width * (width < 600 ? 0.4 : 0.25));   // labels are drawn to the right of nodes
  const sx = (width - 2 * pad - labelRoom) / Math.max(1, x1 - x0);
  const sy = (height - 2 * pad) / Math.max(1, y1 - y0);
  const s = Math.min(sx, sy, 3);
  const ox = (width - labelRoom - s * (x1 - x0)) / 2;
  const oy = (height - s * (y1 - y0)) / 2;
  return pos.map((p) => ({ x: ox + (p.x - x0) * s, y: oy + (p.y - y0) * s }));
}

export function nodeRadius(d) {
  return 4 + Math.min(16, Math.sqrt((d.events || 0) + (d.relations || 0)) * 1.6);
}

export function renderNetwork(container, data, { centre = null, onNode = null, labels = 25 } = {}) {
  clear(container);
  const width = Math.max(300, container.clientWidth || 800);
  const height = Math.max(240, container.clientHeight || 500);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Actor network",
    "data-nodes": data.nodes.length, "data-edges": data.edges.length });
  container.appendChild(root);
  if (!data.nodes.length) {
    root.appendChild(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", text: "No actors for these filters" }));
    return root;
  }
  const pos = forceLayout(data.nodes, data.edges, width, height);
  const at = new Map(data.nodes.map((d, i) => [d.id, pos[i]]));
  const tip = tooltip(container);
  const defs = svg("defs");
  for (const [type, color] of Object.entries({ ...EDGE_COLORS, other: "#5d6d7e" })) {
    const marker = svg("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }));
    defs.appendChild(marker);
  }
  root.appendChild(defs);
  const edges = svg("g", { class: "edges" });
  for (const e of data.edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b) continue;
    const line = svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: edgeColor(e.type),
      "stroke-width": Math.min(7, 0.8 + Math.log2(1 + e.weight)), "stroke-opacity": 0.55,
      "marker-end": e.directed ? `url(#arrow-${EDGE_COLORS[e.type] ? e.type : "other"})` : null });
    line.appendChild(svg("title", { text: `${e.source} —${e.type}→ ${e.target}: ${e.weight} (${e.first || "?"} to ${e.last || "?"})` }));
    edges.appendChild(line);
  }
  root.appendChild(edges);
  const nodes = svg("g", { class: "nodes" });
  const ranked = [...data.nodes].sort((x, y) => (y.events + y.relations) - (x.events + x.relations)).slice(0, labels).map((d) => d.id);
  const labelled = new Set(ranked);
  if (centre) labelled.add(centre);
  data.nodes.forEach((d, i) => {
    const p = pos[i];
    const c = svg("circle", { cx: p.x, cy: p.y, r: nodeRadius(d), fill: INTER_COLORS[d.inter || 0] || INTER_COLORS[0],
      class: d.id === centre ? "centre" : null, "data-actor": d.id });
    c.addEventListener("mousemove", (ev) => {
      const box = container.getBoundingClientRect();
      tip.show(`${d.name} — ${d.type}${d.country ? `, ${d.country}` : ""}: ${fmtInt(d.events)} events, ${fmtInt(d.fatalities)} fatalities`, ev.clientX - box.left, ev.clientY - box.top);
    });
    c.addEventListener("mouseleave", () => tip.hide());
    if (onNode) c.addEventListener("click", () => onNode(d.id));
    nodes.appendChild(c);
    if (labelled.has(d.id)) {
      const short = d.name.length > 34 ? `${d.name.slice(0, 32)}…` : d.name;
      nodes.appendChild(svg("text", { x: p.x + nodeRadius(d) + 3, y: p.y + 3, text: short }));
    }
  });
  root.appendChild(nodes);
  return root;
}

export function renderEdgeLegend(list) {
  clear(list);
  for (const [type, color] of Object.entries(EDGE_COLORS)) {
    const line = el("span", { class: "line" });
    line.style.background = color;
    list.appendChild(el("li", {}, line, type.replace(/_/g, " ")));
  }
  const inter = { 1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias", 7: "Civilians", 8: "External forces" };
  for (const [code, name] of Object.entries(inter)) {
    const dot = el("span", { class: "swatch" });
    dot.style.background = INTER_COLORS[code];
    list.appendChild(el("li", {}, dot, " ", name));
  }
}
