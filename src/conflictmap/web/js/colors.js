// Colours of event types (ACLED's six), actor types and network edges.

export const TYPE_COLORS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2e86c1",
  "Riots": "#17a589",
  "Strategic developments": "#7f8c8d",
  "Unknown": "#95a5a6",
};

export const TYPE_ORDER = Object.keys(TYPE_COLORS);

export function typeColor(type) {
  return TYPE_COLORS[type] || TYPE_COLORS.Unknown;
}

export const INTER_COLORS = {
  1: "#1f5fa8", 2: "#c0392b", 3: "#d35400", 4: "#b7950b", 5: "#17a589",
  6: "#2e86c1", 7: "#7d8a96", 8: "#6c3483", 0: "#aab4be",
};

export const EDGE_COLORS = {
  fought: "#c0392b", attacked: "#e67e22", interacted: "#7f8c8d", allied_with: "#27ae60",
  affiliated_with: "#1f5fa8", cooperates_with: "#16a085", rival_of: "#8e44ad",
};

export function edgeColor(type) {
  return EDGE_COLORS[type] || "#5d6d7e";
}

// A sequential ramp for choropleths (light yellow to dark red).
export const RAMP = ["#fff5d6", "#fde2a3", "#fcc272", "#f89a4f", "#ec6a3d", "#d03b2f", "#a11d21"];

/** Class breaks at the quantiles of the non-zero values (one class per ramp colour). */
export function quantileBreaks(values) {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (!sorted.length) return [];
  const breaks = [];
  for (let k = 1; k < RAMP.length; k += 1) breaks.push(sorted[Math.min(sorted.length - 1, Math.floor((k / RAMP.length) * sorted.length))]);
  return breaks;
}

export function classColor(value, breaks) {
  if (!value) return null;
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i += 1;
  return RAMP[Math.min(RAMP.length - 1, i)];
}

export function rampColor(value, max) {
  if (!value) return null;
  const i = Math.min(RAMP.length - 1, Math.floor((Math.log1p(value) / Math.log1p(Math.max(max, 1))) * (RAMP.length - 1) + 0.0001));
  return RAMP[Math.max(0, i)];
}
