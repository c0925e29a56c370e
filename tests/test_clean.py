"""Cleaning: site chrome never reaches the body, captions are kept apart (once),
the headline, date line and byline are read, and nothing is invented.

Seed-like articles written for these tests live in tests/data/seedlike/ with their
answer key; the shared seed reports are checked too when ../shared is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.config import Settings
from conflictmap.errors import ExtractionError
from conflictmap.models import RawArticle
from conflictmap.pipeline import prepare
from conflictmap.stages.clean import _TAIL_RE, clean, clean_lines
from conflictmap.stages.ingest import read_inputs

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "seedlike"
DEMO = ROOT / "data" / "demo"
SEEDLIKE = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))["articles"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(text: str) -> list[str]:
    return [_norm(p) for p in text.split("\n\n") if p.strip()]


def clean_file(path: Path, published: str | None = None):
    [raw] = list(read_inputs([str(path)], Settings()))
    return prepare(raw, published)


# -- the seed-like articles ------------------------------------------------------------------
@pytest.mark.parametrize("entry", SEEDLIKE, ids=[e["file"] for e in SEEDLIKE])
def test_seedlike_article_is_cleaned(entry):
    doc = clean_file(DATA / entry["file"], entry["published_flag"])
    body = _paragraphs(doc.text)
    for line in entry["boilerplate"]:
        assert _norm(line) not in body, line
        assert _norm(line) not in _norm(doc.text), line
    for line in entry["duplicated_lines"]:
        assert doc.captions.count(line) == 1, line
        assert _norm(line) not in _norm(doc.text)
    for caption in entry.get("captions", []):
        assert caption in doc.captions
    for sentence in entry["body"]:
        assert _norm(sentence) in _norm(doc.text), sentence
    assert doc.published == entry["published"]
    assert doc.published_source == ("flag" if entry["published_flag"] else "text")
    assert doc.language == entry["language"]


def test_seedlike_headline_and_byline_are_read():
    republished = clean_file(DATA / "en_republished_with_chrome.txt")
    assert republished.title.startswith("EXCLUSIVE : Gunmen Kill Nine Traders")
    assert republished.published is None and republished.published_source == "unknown"   # never today
    french = clean_file(DATA / "fr_reprise_avec_habillage.txt")
    assert french.title == "Attaque contre un poste de gendarmerie dans la région de Tillabéri"
    assert french.author == "Moussa Idrissa"          # regression: "Par" with a capital was not read


# -- the demo corpus's answer key ----------------------------------------------------------------
DEMO_FILES = [f for f in yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))["files"]
              if f["format"] in ("txt", "html")]


@pytest.mark.parametrize("entry", DEMO_FILES, ids=[f["file"] for f in DEMO_FILES])
def test_demo_boilerplate_is_not_body_and_evidence_is(entry):
    doc = clean_file(DEMO / entry["file"])
    body = _paragraphs(doc.text)
    for item in entry.get("boilerplate") or []:
        line = _norm(item if isinstance(item, str) else str(item))
        for paragraph in body:
            # a boilerplate line is a whole line of chrome (or the start of a teaser);
            # a site name may still be quoted inside a sentence of the report
            assert not (paragraph == line or paragraph.startswith(line)
                        or (len(line.split()) >= 6 and line in paragraph)), (line, paragraph)
    plain = _norm(doc.text).replace("“", '"').replace("”", '"')
    for event in (entry.get("events") or []) + (entry.get("non_events") or []):
        if isinstance(event, dict) and event.get("evidence"):
            assert _norm(event["evidence"]).replace("“", '"').replace("”", '"') in plain, event["evidence"]
    if entry.get("published"):
        assert doc.published == str(entry["published"])
    else:
        assert doc.published is None and doc.published_source == "unknown"


@pytest.mark.parametrize("name,title", [
    ("11_en_burkina_analysis.txt", "Burkina Faso's Centre-Nord: how a province became the front line"),
    ("13_en_niger_ayorou_ambush.txt", "Six Niger soldiers killed in ambush near Ayorou, army says"),
    ("15_en_boni_ied_syndicated.txt", "Three Malian soldiers killed by roadside bomb in central Mali"),
    ("19_en_anefis_retaken.txt", "Mali army says it has retaken Anefis from northern rebels"),
    ("16_fr_bandiagara_sans_date.txt",
     "Pays dogon : affrontements meurtriers entre chasseurs et hommes armés près de Songho"),
])
def test_the_headline_is_the_title_not_the_masthead(name, title):
    """Regression: the site's name ("WEST AFRICA WIRE") was taken as the title and the
    headline went into the body."""
    doc = clean_file(DEMO / name)
    assert doc.title == title
    assert title not in doc.text


def test_html_metadata_is_read():
    doc = clean_file(DEMO / "01_en_boni_ied.html")
    assert doc.title == "Roadside bomb kills three Malian soldiers on Boni-Hombori road"
    assert (doc.published, doc.published_source) == ("2021-06-07", "metadata")
    assert doc.author == "Aminata Coulibaly" and doc.site_name == "Sahel Dispatch"
    assert doc.url == "https://sahel-dispatch.example/mali/2021/06/07/roadside-bomb-boni-hombori"
    assert doc.captions and "cookies" not in doc.text


def test_metadata_date_wins_over_the_flag():
    doc = clean_file(DEMO / "01_en_boni_ied.html", published="2020-01-01")
    assert (doc.published, doc.published_source) == ("2021-06-07", "metadata")


# -- line by line ----------------------------------------------------------------------------------
BODY = [
    "Gunmen attacked a checkpoint near Boulkessi on Tuesday, killing four soldiers, a military source said.",
    "The attackers took two vehicles and a quantity of ammunition before withdrawing towards the forest.",
    "Residents said they heard gunfire for more than an hour and that several families had left.",
    "Des hommes armés ont attaqué mardi un poste de gendarmerie à Anzourou, tuant trois gendarmes.",
    "Les autorités n'avaient pas communiqué de bilan officiel mercredi matin, selon une source locale.",
    "Aid agencies say more than 20,000 people have left the district since the start of the year.",
]
CHROME = [
    "Connect with us", "Hi, what are you looking for?", "What are you searching for today?",
    "Search this site...", "Rechercher sur le site…", "Type to search", "Image without a caption",
    "Image without a caption provided", "Click to comment", "Click here to comment", "Leave a Reply",
    "Leave a comment", "Your email address will not be published. Required fields are marked *",
    "Your email will not be displayed. Fields marked * are required", "You May Also Like",
    "Share this...FacebookTwitterWhatsappEmail", "Share on Facebook   Share on Twitter   Share via Email",
    "Copyright © 2021 The Daily Example. Designed by Example Services Limited.",
    "© 2024 Le Quotidien du Fleuve – Tous droits réservés", "You cannot copy content of this page",
    "Home | News | Africa | Security | Business | Sport", "Accueil › Nation › Sécurité",
    "Share: Facebook · X · Email", "Partager : Facebook | Twitter | WhatsApp | Imprimer",
    "Facebook | X | WhatsApp | Copy link", "Comments (0)", "Post a comment", "3 Comments",
    "Posted in Borno, News | 3 Comments", "Related: Mali's transition — a timeline",
    "Soyez le premier à réagir.", "Laisser un commentaire", "Annuler la réponse",
    "Votre adresse e-mail ne sera pas publiée.", "Tags: Mali, Security, Sahel", "Advertisement",
    "Publicité", "Subscribe to our newsletter", "Abonnez-vous à notre lettre", "Suivez-nous",
    "We use cookies to improve your experience on this site.", "Trending now",
    "(Reporting by Jane Doe; editing by John Roe)", "Follow us on social media",
]


@pytest.mark.parametrize("chrome", CHROME)
def test_a_chrome_line_is_dropped_anywhere(chrome):
    for at in (0, 2, len(BODY)):
        lines = BODY[:at] + [chrome] + BODY[at:]
        cleaned = clean_lines("\n\n".join(lines), has_title=True)
        assert chrome.strip() not in cleaned.body, (at, cleaned.body)
        assert cleaned.body == BODY[:at] + BODY[at:] or set(cleaned.body) <= set(BODY)


def test_teasers_after_a_tail_marker_are_dropped():
    teasers = ["Trending now", "1. Senegal: ferry service to Ziguinchor resumes after repairs",
               "2. Gunmen kill 30 villagers in Zamfara, police say, as attacks spread across the north-west."]
    cleaned = clean_lines("\n\n".join(BODY + teasers), has_title=True)
    assert cleaned.body == BODY


def test_a_caption_printed_twice_is_kept_once_apart_from_the_body():
    caption = "Soldiers patrol a street in Gao, Mali, in a file photograph taken in 2019."
    cleaned = clean_lines("\n".join([BODY[0], caption, caption] + BODY[1:]), has_title=True)
    assert cleaned.captions == [caption] and caption not in cleaned.body
    assert cleaned.body == BODY


@pytest.mark.parametrize("line,author", [
    ("By Fatima Lawan", "Fatima Lawan"), ("BY Fatima Lawan", "Fatima Lawan"),
    ("Par Moussa Idrissa", "Moussa Idrissa"), ("par Moussa Idrissa", "Moussa Idrissa"),
    ("By Fatima Lawan, Maiduguri", "Fatima Lawan"),
    ("By Hélène Compaoré | The Harmattan Review", "Hélène Compaoré"),
])
def test_bylines(line, author):
    cleaned = clean_lines("\n".join(["Headline of the report about the attack", line] + BODY))
    assert cleaned.author == author
    assert line not in cleaned.body


@pytest.mark.parametrize("line,date", [
    ("Published on 14 November 2023", "2023-11-14"), ("Publié le 03/07/2021 à 10h32", "2021-07-03"),
    ("Mis à jour le 13 septembre 2023", "2023-09-13"), ("September 19, 2022 | 07:15 GMT", "2022-09-19"),
])
def test_date_lines(line, date):
    cleaned = clean_lines("\n".join(["Headline of the report about the attack", line] + BODY))
    assert cleaned.published == date and line not in cleaned.body


def test_a_page_of_nothing_but_chrome_is_an_error_naming_the_input():
    with pytest.raises(ExtractionError, match="no article text") as info:
        clean(RawArticle(source="chrome-only.txt", fmt="txt", text="\n".join(CHROME[:10])))
    assert info.value.source == "chrome-only.txt"


# -- properties -----------------------------------------------------------------------------------
sentence = st.lists(st.sampled_from(
    "the army said gunmen attacked village market on Tuesday killing soldiers civilians near Gao "
    "les hommes armés ont attaqué le poste mardi tuant trois gendarmes selon une source".split()),
    min_size=9, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(sentence.map(lambda s: ("body", s)), st.sampled_from(CHROME).map(lambda c: ("chrome", c))),
                min_size=1, max_size=25),
       st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]), st.booleans())
def test_clean_lines_never_puts_chrome_in_the_body_and_invents_nothing(parts, sep, has_title):
    text = sep.join(line for _, line in parts)
    cleaned = clean_lines(text, has_title=has_title)
    chrome = {_norm(line) for kind, line in parts if kind == "chrome"}
    inputs = {_norm(line) for _, line in parts}
    for line in cleaned.body:
        assert _norm(line) not in chrome
        assert _norm(line) in inputs
    # every body sentence before the comments and teasers is kept (as a caption when
    # printed twice)
    kept = set(cleaned.body) | set(cleaned.captions) | {cleaned.title}
    for kind, line in parts:
        if kind == "chrome" and _TAIL_RE.match(line):
            break
        if kind == "body":
            assert line in kept


# -- the shared seed reports (skipped when ../shared is absent) ------------------------------------------
def shared_dir() -> Path | None:
    import os

    candidates = [os.environ.get("CONFLICTMAP_SHARED"), str(ROOT.parent / "shared"), str(ROOT.parents[1] / "shared")]
    for c in candidates:
        if c and (Path(c) / "seeds").is_dir() and (Path(c) / "gold" / "seeds.yaml").is_file():
            return Path(c)
    return None


SHARED = shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="the shared seeds are not present "
                                  "(set CONFLICTMAP_SHARED or put them at ../shared)")


@needs_shared
@pytest.mark.slow
def test_shared_seeds_ingested_with_their_dates_twice(extractor, tmp_path, monkeypatch):
    """`conflictmap ingest ../shared/seeds/X.txt --published D` for each seed stores
    both reports without boilerplate in the body; running it again changes nothing."""
    from click.testing import CliRunner

    from conflictmap import pipeline
    from conflictmap.cli import main
    from conflictmap.store import open_store

    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(lambda cls, *a, **k: extractor))
    gold = yaml.safe_load((SHARED / "gold" / "seeds.yaml").read_text(encoding="utf-8"))["articles"]
    db = str(tmp_path / "seeds.db")
    runner = CliRunner()

    def run_all() -> list[str]:
        outputs = []
        for entry in gold:
            result = runner.invoke(main, ["ingest", str(SHARED / entry["file"]), "--published",
                                          str(entry["published"]), "--db", db, "--no-progress"])
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
        return outputs

    first = run_all()
    assert all("1 stored" in out for out in first), first
    store = open_store(db)
    summary = store.summary()
    assert summary["articles"] == 2
    for entry in gold:
        rows = [a for a in store.list_articles()[0] if a["source"].endswith(Path(entry["file"]).name)]
        assert len(rows) == 1
        article = store.get_article(rows[0]["id"])
        assert article["published"] == str(entry["published"]) and article["published_source"] == "flag"
        body = _paragraphs(article["text"])
        for line in entry.get("boilerplate", []):
            probe = _norm(line.split("...")[0])
            assert not any(p.startswith(probe) for p in body), line
        for line in entry.get("duplicated_lines", []):
            probe = _norm(line.split("...")[0])
            assert sum(c.startswith(probe) for c in article["captions"]) == 1, line
            assert not any(p.startswith(probe) for p in body), line
    second = run_all()
    assert all("0 stored, 1 unchanged" in out for out in second), second
    assert store.summary() == summary
    store.close()


# -- publication dates of pages --------------------------------------------------------------------------
PAGE_BODY = "<p>" + " ".join(BODY[:3]) + " The attack took place on 3 May 2022, officials said.</p>"


@pytest.mark.parametrize("head,body_extra,expected", [
    ("", "<p>Copyright 2024 Example Media. All rights reserved.</p>", (None, "unknown")),
    ("", "<p>Posted 2 days ago</p>", (None, "unknown")),
    ("<meta property='article:published_time' content='2022-05-04T10:00:00Z'>", "", ("2022-05-04", "metadata")),
    ("", "<time datetime='2022-05-05'>5 May 2022</time>", ("2022-05-05", "metadata")),
], ids=["copyright-line", "relative", "meta-tag", "time-element"])
def test_a_page_date_comes_from_its_markup_not_its_text(head, body_extra, expected):
    """Regression: with htmldate's extensive search a copyright line gave 2024-01-01 as
    the publication date (labelled metadata), and --published was then ignored."""
    html = f"<html><head><title>Attack</title>{head}</head><body><article>{body_extra}{PAGE_BODY}</article></body></html>"
    doc = clean(RawArticle(source="page.html", fmt="html", html=html))
    assert (doc.published, doc.published_source) == expected
    if expected[0] is None:
        flagged = clean(RawArticle(source="page.html", fmt="html", html=html), published="2022-05-06")
        assert (flagged.published, flagged.published_source) == ("2022-05-06", "flag")
