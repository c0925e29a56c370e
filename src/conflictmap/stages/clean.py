"""The clean stage: a RawArticle -> a Document whose `text` is the article body only.

HTML pages go through trafilatura (main text and metadata), then the same line
cleaner as plain text. Plain text copied from a site keeps its chrome (search boxes,
share bars, comment forms, "You May Also Like" teasers, copyright footers); the line
cleaner drops it line by line, keeps photo captions apart from the body, keeps a
caption printed twice once, and reads a publication-date line or a byline when the
page prints one.

The body's paragraphs are joined with blank lines; every offset of every record
indexes this body text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from ..errors import ExtractionError
from ..models import Document, RawArticle, content_id
from .dates import parse_iso_date

STAGE = "clean.v1"
log = logging.getLogger(__name__)

# Lines that are site chrome wherever they appear (matched against the whole line).
_CHROME = [
    r"connect with us", r"stay connected", r"(hi,? )?what are you (looking|searching) for( today)?\??",
    r"(search|rechercher|recherche)\b( [^.!?]{0,40})?(\.\.\.|…)?", r"type (and hit enter|to search).*",
    r"image without a caption.*", r"click (here )?to comment", r"leave a (reply|comment)", r"cancel reply",
    r"post a comment", r"(be the first to comment|soyez le premier à (réagir|commenter)).*",
    r"your email( address)? will not be (published|displayed).*", r"required fields are marked.*",
    r"(comments?|commentaires?)\s*\(\d+\)", r"posted in [^.]{1,80}", r"related\s*:.*", r"more on .{1,40}",
    r"\((additional )?(reporting|writing|editing) by [^()]*\)", r"vous aimerez aussi", r"réagir à cet article",
    r"annuler la réponse", r"vous devez être connecté.*", r"partager (cet article|l'article)\s*:?.*",
    r"(name|email|website|comment)\s*\*?", r"save my name, email.*", r"post comment",
    r"you may also like", r"related (posts|articles|stories|news|content)", r"read (also|more|next)\b.*",
    r"more (from|stories|in) .{0,40}", r"recommended( for you)?", r"trending( now)?", r"most (read|popular)",
    r"share this.*", r"share( on)? (facebook|twitter|whatsapp|email|linkedin).*", r"tweet( this)?",
    r"(facebook|twitter|whatsapp|email|linkedin|telegram|print|copy link|pinterest)([\s|·•,]+(facebook|twitter|whatsapp|email|linkedin|telegram|print|copy link|pinterest))*",
    r"(copyright|©).*", r".*all rights reserved.*", r".*tous droits réservés.*", r"designed by .*",
    r"you cannot copy content.*", r"advertisement", r"sponsored( content)?", r"publicité",
    r"subscribe( now| to our newsletter.*)?", r"sign up( for .*)?", r"newsletter", r"log ?in|sign in",
    r"skip to (main )?content", r"menu", r"home", r"accueil", r"close", r"fermer",
    r"(accept|reject) (all )?cookies.*", r".*uses cookies.*", r".*utilise des cookies.*", r"we use cookies.*",
    r"nous utilisons (des )?cookies.*",
    r"partager( sur .*)?", r"(à )?lire aussi\b.*", r"sur le même sujet", r"articles? similaires?",
    r"laisser un commentaire", r"commentaires?", r"votre adresse (e-mail|email|de messagerie) ne sera pas publiée.*",
    r"les champs obligatoires sont indiqués.*", r"rechercher\.*", r"abonnez-vous.*", r"s'abonner.*",
    r"suivez-nous.*", r"follow us.*", r"related", r"tags?\s*:.*", r"mots-clés\s*:.*",
    r"\d+\s+(comments?|commentaires?)", r"no comments( yet)?", r"loading\.*", r"chargement\.*",
    r"listen to (this )?article.*", r"écouter (cet )?article.*", r"(previous|next) (article|post).*",
    r"article (précédent|suivant).*", r"back to top", r"retour en haut.*",
]
_CHROME_RE = re.compile(r"^\s*(?:" + "|".join(_CHROME) + r")\s*$", re.IGNORECASE)

# A menu or a share bar: three or more short items between separators
# ("Home | News | Africa", "Facebook · X · WhatsApp", "Accueil > Afrique > Mali").
_MENU_SPLIT_RE = re.compile(r"\s+[|·•›»>/–—-]\s+|\s*\|\s*")

# After these, the rest of a copied page is teasers and comments.
_TAIL_RE = re.compile(
    r"^\s*(you may also like|related (posts|articles|stories)|click to comment|leave a (reply|comment)|"
    r"more stories|recommended for you|sur le même sujet|laisser un commentaire|à lire aussi|"
    r"articles similaires|dans la même rubrique|comments?|commentaires?|trending( now)?|most (read|popular)|"
    r"top stories|related|more on .{1,40}|vous aimerez aussi|les plus lus|réagir à cet article|"
    r"(comments?|commentaires?)\s*\(\d+\)|\d+ (comments?|commentaires?)|post a comment)\s*:?\s*$", re.IGNORECASE)

_CREDIT_RE = re.compile(
    r"(\((?:[^()]{0,80}/)?\s*(?:reuters|afp|ap|getty images|epa|anadolu|associated press|xinhua)[^()]{0,60}\)\s*$)"
    r"|((?:reuters|afp|ap|getty|epa)\s*/\s*[A-Z][\w.' -]{1,40}\s*$)"
    r"|(^\s*(photo|crédit photo|credit|image)\s*:)|(\b(photo|crédit)\s*:\s*[A-Z][^.]{0,60}$)",
    re.IGNORECASE)

_DATE_LINE_RE = re.compile(
    r"^\s*(published( on)?|posted( on)?|updated( on)?|last updated|publié le|publié|mis à jour le|mis à jour|"
    r"date de publication)\s*:?\s*(?P<date>.{4,60})$", re.IGNORECASE)
_BARE_DATE_RE = re.compile(
    r"^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+|(?:lun|mar|mer|jeu|ven|sam|dim)\w*\.?\s+)?"
    r"(\d{1,2}\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"(\s*(\||à|at|-|–)?\s*\d{1,2}[:h]\d{2}(\s*(gmt|utc|am|pm))?)?\s*$", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^\s*(?i:by|par)\s+(?P<name>[A-ZÀ-Ý][\w'.-]+(?:\s+(?:and|et|[A-ZÀ-Ý][\w'.-]+)){0,5})"
                        r"\s*(?:[,|–—-]\s*[^,|]{1,40})?$")
_SENTENCE_END_RE = re.compile(r"[.!?»\"”:)]\s*$")


@dataclass
class Cleaned:
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    author: str | None = None


def _is_menu(line: str) -> bool:
    parts = [p for p in _MENU_SPLIT_RE.split(line) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def _is_paragraph(line: str) -> bool:
    """A line that reads as body text: a sentence of some length, or a long line."""
    words = len(line.split())
    return words > 25 or (words >= 8 and bool(_SENTENCE_END_RE.search(line)))


def _header_end(lines: list[str], nonempty: list[int], repeated: set[str]) -> int:
    """The position (among non-empty lines) of the first body paragraph, when the text
    opens with a header (masthead, menus, headline, date, byline); 0 when it does not.

    Everything before it is header: the headline is kept as the title, the rest
    (site names, section labels, breadcrumbs) is dropped.
    """
    for position, i in enumerate(nonempty[:16]):
        line = lines[i]
        if line.casefold() in repeated or _CHROME_RE.match(line) or _CREDIT_RE.search(line):
            continue
        if _is_paragraph(line):
            return position
    return 0


def _headline(lines: list[str], candidates: list[int], repeated: set[str]) -> int | None:
    """The header line most like a headline: the longest that is not chrome, a menu,
    a date, a byline or a caption."""
    best: tuple[int, int] | None = None
    for i in candidates:
        line = lines[i]
        if (line.casefold() in repeated or _CHROME_RE.match(line) or _is_menu(line) or _CREDIT_RE.search(line) or _BYLINE_RE.match(line)
                or _DATE_LINE_RE.match(line) or (_BARE_DATE_RE.match(line) and parse_iso_date(line))):
            continue
        words = len(line.split())
        if best is None or words > best[0]:
            best = (words, i)
    return best[1] if best else None


def clean_lines(text: str, *, has_title: bool = False) -> Cleaned:
    """Drop site chrome line by line; keep captions apart; read a date line and a byline."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    nonempty = [i for i, line in enumerate(lines) if line]
    out = Cleaned()
    if not nonempty:
        return out
    tail_from = len(lines)
    for position, i in enumerate(nonempty):
        if _TAIL_RE.match(lines[i]) and position > len(nonempty) * 0.4:
            tail_from = i
            break
    counts: dict[str, int] = {}
    for i in nonempty:
        if i < tail_from:
            counts[lines[i].casefold()] = counts.get(lines[i].casefold(), 0) + 1
    repeated = {key for key, n in counts.items() if n > 1 and len(key) > 20}
    header_end = _header_end(lines, nonempty, repeated)
    headline = None if has_title else _headline(lines, nonempty[:header_end], repeated)
    seen: dict[str, int] = {}
    first_body = True
    for position, i in enumerate(nonempty):
        line = lines[i]
        if i >= tail_from:
            out.dropped.append(line)
            continue
        key = line.casefold()
        if key in seen and len(line) > 20:
            # printed twice: a caption (kept once, apart from the body)
            if lines[seen[key]] in out.body:
                out.body.remove(lines[seen[key]])
            if line not in out.captions:
                out.captions.append(line)
            out.dropped.append(line)
            continue
        seen[key] = i
        if _CHROME_RE.match(line) or _is_menu(line):
            out.dropped.append(line)
            continue
        top = position < 8
        if top and out.published is None:
            m = _DATE_LINE_RE.match(line)
            if m and parse_iso_date(m["date"]):
                out.published = parse_iso_date(m["date"])
                out.dropped.append(line)
                continue
            if _BARE_DATE_RE.match(line) and parse_iso_date(line):
                out.published = parse_iso_date(line)
                out.dropped.append(line)
                continue
        if top and out.author is None:
            m = _BYLINE_RE.match(line)
            if m and len(line.split()) <= 12:
                out.author = m["name"]
                out.dropped.append(line)
                continue
        if _CREDIT_RE.search(line) and len(line.split()) < 60:
            out.captions.append(line)
            continue
        if position < header_end:
            if i == headline:
                out.title = line
            elif key not in repeated:
                out.dropped.append(line)
            continue
        words = len(line.split())
        if (first_body and not has_title and out.title is None and header_end == 0
                and words <= 25 and not line.endswith(".")):
            out.title = line
            continue
        if words <= 4 and not _SENTENCE_END_RE.search(line):
            out.dropped.append(line)
            continue
        first_body = False
        out.body.append(line)
    return out


def _html_captions(html: str) -> list[str]:
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, Exception):  # noqa: BLE001 - lxml raises many types on bad markup
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = " ".join(node.text_content().split())
        if text and text not in captions:
            captions.append(text)
    return captions


def _from_html(raw: RawArticle) -> tuple[str, dict[str, str | None], list[str]]:
    import trafilatura

    assert raw.html is not None
    result = None
    try:
        # the date only from the page's markup (meta tags, <time>, the URL): htmldate's
        # "extensive" search reads copyright lines and dates in the text, which gives
        # wrong publication dates ("© 2024" -> 2024-01-01) and hides --published
        result = trafilatura.bare_extraction(
            raw.html, url=raw.url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, deduplicate=False, as_dict=False,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()})
    except Exception as exc:  # noqa: BLE001 - trafilatura raises on malformed trees; fall back below
        log.warning("%s: trafilatura failed (%s); using the page's plain text", raw.source, exc)
    meta: dict[str, str | None] = {}
    text = ""
    if result is not None:
        text = result.text or ""
        meta = {"title": result.title, "date": result.date, "author": result.author,
                "site_name": result.sitename, "url": result.url}
    if not text.strip():
        try:
            from lxml import html as lxml_html

            tree = lxml_html.fromstring(raw.html)
            for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript"):
                bad.drop_tree()
            text = "\n".join(" ".join(p.text_content().split()) for p in tree.iter("p", "h1", "h2", "li"))
        except Exception:  # noqa: BLE001
            text = ""
    return text, meta, _html_captions(raw.html)


def clean(raw: RawArticle, *, published: str | None = None) -> Document:
    """Clean one article. `published` is the --published flag (used when metadata has none)."""
    meta: dict[str, str | None] = {}
    html_captions: list[str] = []
    if raw.html is not None:
        text, meta, html_captions = _from_html(raw)
    else:
        text = raw.text or ""
    title = raw.title or meta.get("title")
    cleaned = clean_lines(text, has_title=bool(title))
    body = "\n\n".join(cleaned.body)
    if not body.strip():
        raise ExtractionError("no article text found after removing site chrome", source=raw.source)
    page_date = parse_iso_date(meta.get("date")) if meta.get("date") else None
    date_value, date_source = None, "unknown"
    for value, origin in ((raw.published, "metadata"), (page_date, "metadata"),
                          (cleaned.published, "text"), (published, "flag")):
        if value:
            date_value, date_source = value, origin
            break
    captions = html_captions + [c for c in cleaned.captions if c not in html_captions]
    return Document(
        id=content_id(body), text=body, source=raw.source, fmt=raw.fmt,
        title=title or cleaned.title, url=raw.url or meta.get("url"),
        published=date_value, published_source=date_source,
        language=raw.language, author=raw.author or meta.get("author") or cleaned.author,
        site_name=raw.site_name or meta.get("site_name"), external_id=raw.external_id,
        captions=captions, dropped_lines=cleaned.dropped, stages={"clean": STAGE},
    )
