// DOM helpers. Text from the data (article text, names, titles) only ever goes
// through textContent / createTextNode: never innerHTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Only http(s), relative and fragment links; anything else (javascript:, data:) becomes "#". */
export function safeHref(value) {
  const s = String(value || "");
  if (s.startsWith("#") || s.startsWith("/") || s.startsWith("?") || /^[\w.-]+\.html/.test(s)) return s;
  try {
    const url = new URL(s, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch (_e) {
    return "#";
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function fmtInt(n) {
  return (n ?? 0).toLocaleString("en-GB");
}

export function fmtDate(iso) {
  if (!iso) return "undated";
  const d = new Date(iso + "T00:00:00Z");
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function fold(s) {
  return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[-\u2010-\u2014_']/g, " ").replace(/\s+/g, " ").trim();
}

export function tooltip(container) {
  const tip = el("div", { class: "tooltip", hidden: true });
  container.appendChild(tip);
  return {
    show(text, x, y) {
      tip.textContent = text;
      tip.hidden = false;
      tip.style.left = `${x + 12}px`;
      tip.style.top = `${y + 12}px`;
    },
    hide() { tip.hidden = true; },
  };
}
