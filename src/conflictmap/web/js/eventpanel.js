// The event list and one event: its fields with their evidence and stage, and the
// source article with the evidence spans highlighted. Article text is untrusted: it
// is split into text nodes and <mark> elements, never parsed as HTML.

import { postJSON } from "./api.js";
import { clear, el, fmtDate, fmtInt } from "./dom.js";
import { typeColor } from "./colors.js";

/** A fragment of `text` with each evidence span wrapped in <mark class="ev">. */
export function highlight(text, evidence) {
  const spans = [];
  for (const ev of evidence || []) {
    let { start, end } = ev;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && start < end)
        || (ev.text && text.slice(start, end) !== ev.text)) {
      const at = ev.text ? text.indexOf(ev.text) : -1;
      if (at < 0) continue;
      start = at;
      end = at + ev.text.length;
    }
    spans.push({ start, end, field: ev.field || "evidence", stage: ev.stage || "" });
  }
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i += 1) {
    const a = points[i];
    const b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) {
      fragment.appendChild(document.createTextNode(piece));
      continue;
    }
    const fields = [...new Set(covering.map((s) => s.field))];
    const mark = el("mark", { class: "ev", dataset: { fields: fields.join(" ") },
      title: covering.map((s) => `${s.field}${s.stage ? ` (${s.stage})` : ""}`).join(", ") });
    mark.textContent = piece;
    fragment.appendChild(mark);
  }
  return fragment;
}

// How the article's marks are coloured (app.css), for the legend above the text.
const MARK_KINDS = [
  ["event_type", "what happened"], ["actor1", "actors"], ["event_date", "date"],
  ["location", "place"], ["fatalities", "fatalities"], ["statement", "reporting sentence"],
];
const MARK_ALIASES = { actor2: "actor1", assoc_actor_1: "actor1", assoc_actor_2: "actor1", date: "event_date" };

/** A legend of the kinds of evidence marked in the article (only the kinds present). */
export function markLegend(evidence) {
  const present = new Set((evidence || []).map((ev) => MARK_ALIASES[ev.field] || ev.field));
  const known = new Set(MARK_KINDS.map(([f]) => f));
  const items = MARK_KINDS.filter(([f]) => present.has(f))
    .map(([field, label]) => el("mark", { class: "ev", dataset: { fields: field }, text: label }));
  if ([...present].some((f) => !known.has(f))) items.push(el("mark", { class: "ev", dataset: { fields: "other" }, text: "other fields" }));
  return el("div", { class: "mark-legend", id: "mark-legend", "aria-label": "Highlight colours" },
    el("span", { text: "Evidence:" }), ...items);
}

export function renderList(container, page, { onOpen, onMore }) {
  clear(container);
  container.appendChild(el("div", { class: "list-head" },
    el("h2", { text: "Events" }),
    el("span", { class: "muted small", id: "list-count", dataset: { total: page.total, shown: page.items.length },
      text: `${fmtInt(page.items.length)} of ${fmtInt(page.total)}` })));
  if (!page.items.length) container.appendChild(el("p", { class: "muted", text: "No events match these filters." }));
  for (const e of page.items) {
    const item = el("div", { class: "event-item", tabindex: 0, role: "button", dataset: { eventId: e.event_id },
      onclick: () => onOpen(e.event_id), onkeydown: (ev) => { if (ev.key === "Enter") onOpen(e.event_id); } },
      el("div", { class: "top" },
        el("span", { text: `${fmtDate(e.event_date)} · ${[e.location, e.admin1, e.country].filter(Boolean).join(", ")}` }),
        e.fatalities ? el("span", { class: "deaths", text: `${e.fatalities} †` }) : null),
      el("div", { class: "what", text: e.sub_event_type || e.event_type || e.kind }),
      el("div", { class: "who", text: [e.actor1, e.actor2].filter(Boolean).join(" — ") }));
    item.style.borderLeftColor = typeColor(e.event_type);
    container.appendChild(item);
  }
  if (page.items.length < page.total && onMore) {
    container.appendChild(el("button", { class: "more", type: "button", text: "Show more", onclick: onMore }));
  }
}

function valueText(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.length ? v.join("; ") : "—";
  return String(v);
}

export function renderDetail(container, detail, { onBack, canCorrect, onChanged, onActor }) {
  clear(container);
  const e = detail.event;
  const article = detail.article || {};
  container.appendChild(el("button", { class: "back", type: "button", text: "← Back to the list", onclick: onBack }));
  const head = el("div", { class: "detail", id: "event-head", dataset: { eventId: e.event_id } },
    el("div", { class: "muted small", text: `${e.kind} · ${e.status}${e.merged_into ? ` → ${e.merged_into}` : ""} · ${e.event_id}` }),
    el("h3", { text: `${e.sub_event_type || e.event_type || "Statement"} — ${e.location || "unknown place"}` }),
    el("div", {},
      el("span", { class: "swatch" }), " ",
      el("span", { text: `${e.event_type || ""} · ${fmtDate(e.event_date)}${e.date_end && e.date_end !== e.date_start ? ` to ${fmtDate(e.date_end)}` : ""} (${e.time_precision})` })),
    el("div", {},
      el("span", { class: "deaths", text: `${fmtInt(e.fatalities || 0)} fatalities` }),
      e.fatalities_low !== null && e.fatalities_high !== null && e.fatalities_low !== undefined
        ? el("span", { class: "muted", text: ` (range ${e.fatalities_low}–${e.fatalities_high})` }) : null,
      el("span", { class: "muted", text: ` · confidence ${Number(e.confidence).toFixed(2)}` })));
  head.querySelector(".swatch").style.background = typeColor(e.event_type);
  container.appendChild(head);

  const actors = el("div", { class: "chips" });
  for (const name of [e.actor1, ...(e.assoc_actor_1 || []), e.actor2, ...(e.assoc_actor_2 || [])].filter(Boolean)) {
    actors.appendChild(el("a", { class: "chip", href: `#actor/${encodeURIComponent(name)}`, text: name,
      onclick: (ev) => { ev.preventDefault(); onActor(name); } }));
  }
  container.appendChild(el("div", { style: "margin:8px 0" }, actors));

  const table = el("table", { class: "sources" },
    el("thead", {}, el("tr", {}, el("th", { text: "Field" }), el("th", { text: "Value" }), el("th", { text: "Evidence" }), el("th", { text: "Stage" }))));
  const body = el("tbody");
  for (const f of detail.field_sources) {
    body.appendChild(el("tr", {},
      el("td", { text: f.field }),
      el("td", { text: valueText(f.value) }),
      el("td", { class: "quote", text: f.evidence.length ? f.evidence.map((x) => `“${x.text}”`).join(" ") : "—" }),
      el("td", { class: "stage", text: f.stage || "—" })));
  }
  table.appendChild(body);
  container.appendChild(el("h2", { text: "Fields and their sources", style: "margin-top:12px" }));
  container.appendChild(table);

  const art = el("section", { class: "article", "aria-label": "Source article" },
    el("h2", { text: "Source article" }),
    el("div", { class: "title", id: "article-title", text: article.title || "(untitled)" }),
    el("div", { class: "muted small" },
      [article.site_name, article.published && fmtDate(article.published), article.language].filter(Boolean).join(" · "), " ",
      article.url ? el("a", { href: article.url, target: "_blank", rel: "noopener noreferrer nofollow", text: "open original" }) : null),
    markLegend(detail.evidence),
    el("div", { class: "article-text", id: "article-text" }));
  art.querySelector("#article-text").appendChild(highlight(article.text || "", detail.evidence));
  container.appendChild(art);

  if (detail.duplicates && detail.duplicates.length) {
    container.appendChild(el("h2", { text: "Near-duplicate reports", style: "margin-top:12px" }));
    container.appendChild(el("ul", {}, detail.duplicates.map((d) =>
      el("li", {}, el("span", { text: d.title || d.article_id }), el("span", { class: "muted", text: ` (${Math.round(d.score * 100)}% similar)` })))));
  }
  renderCorrections(container, detail, canCorrect, onChanged);
}

function renderCorrections(container, detail, canCorrect, onChanged) {
  const box = el("section", { class: "corrections", style: "margin-top:14px" }, el("h2", { text: "Corrections" }));
  if (detail.corrections.length) {
    const list = el("table", {}, el("thead", {}, el("tr", {}, ...["When", "Who", "Action", "Field", "Before → after"].map((t) => el("th", { text: t })))));
    const tb = el("tbody");
    for (const c of detail.corrections) {
      tb.appendChild(el("tr", {}, el("td", { text: (c.at || "").slice(0, 16).replace("T", " ") }), el("td", { text: c.who }),
        el("td", { text: c.action }), el("td", { text: c.field || "" }),
        el("td", { text: `${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}` })));
    }
    list.appendChild(tb);
    box.appendChild(list);
  } else {
    box.appendChild(el("p", { class: "muted small", text: "No analyst corrections." }));
  }
  if (!canCorrect) {
    box.appendChild(el("p", { class: "muted small", text: "The server is read-only (no correction token configured)." }));
    container.appendChild(box);
    return;
  }
  const msg = el("div", { class: "message" });
  const form = el("form", {},
    el("input", { name: "who", placeholder: "Your name", required: true, value: sessionStorage.getItem("cm-who") || "" }),
    el("input", { name: "token", type: "password", placeholder: "Token", required: true, value: sessionStorage.getItem("cm-token") || "" }),
    el("select", { name: "action" }, ...["edit", "reject", "restore", "merge"].map((a) => el("option", { value: a, text: a }))),
    el("select", { name: "field" }, ...["fatalities", "event_type", "sub_event_type", "actor1", "actor2", "event_date", "location", "admin1", "admin2", "country"].map((f) => el("option", { value: f, text: f }))),
    el("input", { name: "value", class: "wide", placeholder: "New value (edit) or event id (merge)" }),
    el("input", { name: "note", class: "wide", placeholder: "Note (optional)" }),
    el("button", { type: "submit", class: "primary wide", text: "Save correction" }), msg);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    sessionStorage.setItem("cm-who", data.who);
    sessionStorage.setItem("cm-token", data.token);
    const body = { action: data.action, who: data.who, note: data.note || null };
    if (data.action === "edit") {
      const numeric = ["fatalities"].includes(data.field);
      body.changes = { [data.field]: numeric ? Number(data.value) : (data.value || null) };
    }
    if (data.action === "merge") body.merge_into = data.value;
    try {
      await postJSON(`/api/events/${encodeURIComponent(detail.event.event_id)}/corrections`, body, { Authorization: `Bearer ${data.token}` });
      onChanged(detail.event.event_id);
    } catch (err) {
      msg.className = "message error";
      msg.textContent = err.message;
    }
  });
  box.appendChild(form);
  container.appendChild(box);
}
