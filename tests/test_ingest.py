"""Reading inputs: every format, bad input of every kind, and URLs and feeds fetched
from a real HTTP server on loopback. Each bad input gives a Failure naming the input
and the problem, and never stops the rest of the batch."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from conflictmap.config import Settings
from conflictmap.errors import FetchError, PrivateAddress
from conflictmap.models import Failure, RawArticle
from conflictmap.pipeline import ingest, prepare
from conflictmap.stages.ingest import check_address, decode_bytes, read_inputs
from qa_helpers import FakeExtractor, Response, http_server, page

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
LOOPBACK = Settings(allow_private=True, fetch_timeout=5)

REPORT_EN = (
    "Gunmen on motorcycles attacked an army checkpoint near Boulkessi on Tuesday, killing four soldiers and "
    "wounding three others, a military source said. The attackers took two vehicles and a quantity of "
    "ammunition before withdrawing towards the forest. Residents said they heard gunfire for more than an hour."
)
REPORT_FR = (
    "Des hommes armés ont attaqué mardi soir un poste de gendarmerie à Anzourou, dans la région de Tillabéri, "
    "tuant trois gendarmes, selon une source sécuritaire. Les assaillants ont incendié deux véhicules et "
    "emporté des armes avant de se replier vers la frontière malienne, a précisé l’élu local."
)


def read(inputs, settings: Settings | None = None, fetcher=None):
    items = list(read_inputs([str(i) for i in inputs], settings or Settings(), fetcher))
    return ([i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Failure)])


def unique_report(i: int) -> str:
    rnd = random.Random(i)
    words = "army village market road convoy trader farmer herder cattle millet harvest river bridge school " \
            "clinic mayor governor council radio ministry province district border forest well fuel truck".split()
    return REPORT_EN + " " + " ".join(rnd.choice(words) for _ in range(80)) + "."


# -- formats --------------------------------------------------------------------------------
def test_html_page_is_read_with_its_markup():
    [raw], failures = read([DEMO / "03_en_tapoa_drone_strike.html"])
    assert failures == [] and raw.fmt == "html" and "<html" in raw.html.lower()


def test_malformed_html_still_gives_the_article():
    doc = prepare(read([DEMO / "05_en_marte_iswap_malformed.html"])[0][0])
    assert "Marte" in doc.text and doc.title == "ISWAP fighters attack army base in Marte, Borno"


def test_broken_markup_of_every_kind_is_read(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><head><title>Attack near Boulkessi</title><body><div><p>" + REPORT_EN
                    + "<p><b>unclosed <i>tags <table><tr><td>" + REPORT_EN.replace("four", "five")
                    + "</span></div></html><script>var x = '<p>", encoding="utf-8")
    doc = prepare(read([path])[0][0])
    assert "killing four soldiers" in doc.text and "var x" not in doc.text


def test_html_with_no_article_text_is_a_clear_failure(tmp_path, store):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><script>alert(1)</script></body></html>",
                    encoding="utf-8")
    report = ingest([str(path)], store, extractor=FakeExtractor())
    [failure] = report.failures
    assert failure.source == str(path) and "no article text" in failure.message


def test_jsonl_rows_are_articles():
    raws, failures = read([DEMO / "25_feed_export.jsonl"])
    assert failures == [] and len(raws) == 3
    assert [r.external_id for r in raws] == ["sfd-2021-05-10-0031", "sfd-2022-06-20-0112", "sfd-2022-07-02-0140"]
    assert [r.published for r in raws] == ["2021-05-10", "2022-06-20", "2022-07-02"]
    assert [r.language for r in raws] == ["en", "fr", "fr"]
    assert raws[0].source.endswith("25_feed_export.jsonl:1") and raws[0].site_name == "Sahel Feed Agency"


def test_csv_rows_with_quoted_newlines_are_articles():
    raws, failures = read([DEMO / "26_export.csv"])
    assert failures == [] and len(raws) == 2
    assert raws[0].title == "Two gendarmes killed in attack on checkpoint near Diéma, western Mali"
    assert "\n" in raws[0].text and raws[0].published == "2022-02-10"
    assert raws[1].source.endswith(":3") or raws[1].source.endswith(":4") or ":" in raws[1].source


def test_directories_are_read_recursively_known_files_only(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(REPORT_EN, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text(REPORT_FR, encoding="utf-8")
    (tmp_path / "a" / "b" / "three.html").write_text(page(f"<p>{REPORT_EN}</p>").body.decode(), encoding="utf-8")
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (tmp_path / "a" / ".hidden.txt").write_text(REPORT_EN, encoding="utf-8")
    raws, failures = read([tmp_path / "a"])
    assert failures == []
    assert sorted(Path(r.source).name for r in raws) == ["one.txt", "three.html", "two.txt"]


def test_language_is_detected_and_unsupported_ones_named():
    for text, code, supported in ((REPORT_EN, "en", True), (REPORT_FR, "fr", True),
                                  ("Wapiganaji walishambulia kituo cha jeshi karibu na mpaka siku ya Jumanne, "
                                   "na kuwaua askari wanne, afisa mmoja wa jeshi alisema. Washambuliaji walichukua "
                                   "magari mawili kabla ya kurudi msituni.", None, False)):
        doc = prepare(RawArticle(source="x", fmt="txt", text=text))
        assert doc.language_supported is supported
        if code:
            assert doc.language == code
        else:
            assert doc.language not in ("en", "fr")


def test_publication_date_metadata_then_flag_then_unknown_never_today(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(REPORT_EN, encoding="utf-8")
    raw = read([path])[0][0]
    undated = prepare(raw)
    assert (undated.published, undated.published_source) == (None, "unknown")
    flagged = prepare(raw, "2015-07-03")
    assert (flagged.published, flagged.published_source) == ("2015-07-03", "flag")
    today = datetime.now(UTC).date().isoformat()
    assert today not in {undated.published, flagged.published}


# -- decoding and bad files ------------------------------------------------------------------------
def test_empty_and_blank_files_are_failures_naming_the_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n")
    raws, failures = read([tmp_path / "empty.txt", tmp_path / "blank.txt"])
    assert raws == []
    assert [(Path(f.source).name, f.error, f.message) for f in failures] == [
        ("empty.txt", "EmptyInput", "the input is empty"), ("blank.txt", "EmptyInput", "the input is empty")]


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                                  random.Random(1).randbytes(4096),
                                  b"%PDF-1.4\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 300],
                         ids=["png", "random", "control-bytes"])
def test_binary_files_are_refused(tmp_path, data):
    path = tmp_path / "photo.txt"
    path.write_bytes(data)
    raws, [failure] = read([path])
    assert raws == [] and failure.source == str(path) and failure.error == "BinaryInput"
    assert "binary" in failure.message or "not valid UTF-8" in failure.message


def test_latin1_text_is_decoded():
    text, encoding = decode_bytes(REPORT_FR.replace("’", "'").encode("latin-1"), "fr.txt")
    assert text == REPORT_FR.replace("’", "'") and encoding == "cp1252"


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(REPORT_FR.encode("cp1252"))
    [raw], [] = read([path])
    assert raw.text == REPORT_FR and raw.meta == {"encoding": "cp1252"}


def test_utf8_with_a_few_stray_bytes_is_not_garbled():
    """Regression: one Windows-1252 byte in a UTF-8 file made the whole text mojibake
    ("armÃ©s")."""
    data = REPORT_FR.encode("utf-8") + b" Le pr\xe9fet a \x93condamn\xe9\x94 l'attaque."
    text, encoding = decode_bytes(data, "mixed.txt")
    assert text.startswith(REPORT_FR) and "Ã" not in text
    assert text.endswith("Le préfet a “condamné” l'attaque.") and encoding == "utf-8+cp1252"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    big = tmp_path_factory.mktemp("big") / "big.txt"
    with big.open("wb") as f:
        chunk = (REPORT_EN + "\n\n").encode() * 200
        while f.tell() < 50 * 2**20:
            f.write(chunk)
        f.truncate(50 * 2**20)
    return big


def test_a_50_mb_file_is_refused_with_the_limit_and_the_fix(big_file, tmp_path, store):
    big = big_file
    good = tmp_path / "good.txt"
    good.write_text(REPORT_EN, encoding="utf-8")
    report = ingest([str(big), str(good)], store, extractor=FakeExtractor())
    [failure] = report.failures
    assert failure.source == str(big) and failure.error == "InputTooLarge"
    assert failure.message.startswith("the file is 50.0 MB, over the limit of 20 MB")   # as --max-mb counts
    assert "--max-mb" in failure.message
    assert report.stored == 1


def test_a_missing_path_and_a_directory_of_nothing(tmp_path):
    (tmp_path / "empty_dir").mkdir()
    raws, failures = read([tmp_path / "nope.txt", tmp_path / "empty_dir"])
    assert raws == [] and [(f.source, f.message) for f in failures] == [
        (str(tmp_path / "nope.txt"), "no such file or directory")]


def test_jsonl_with_one_broken_line_among_good_ones(tmp_path):
    lines = [json.dumps({"id": "a", "text": REPORT_EN}), '{"id": "b", "text": "unterminated',
             json.dumps(["not", "an", "object"]), json.dumps({"id": "c", "title": "no text"}), "",
             json.dumps({"id": "d", "text": REPORT_FR, "published": "2023-03-14"})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raws, failures = read([path])
    assert [r.external_id for r in raws] == ["a", "d"] and raws[1].published == "2023-03-14"
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "line 2 is not valid JSON" in failures[0].message
    assert "not an object" in failures[1].message
    assert "no text" in failures[2].message and "text" in failures[2].message


def test_csv_without_a_text_column_names_the_columns_found(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,url,date\nAttack,https://x.example/a,2022-01-01\n", encoding="utf-8")
    raws, [failure] = read([path])
    assert raws == [] and failure.source == str(path)
    assert "no text column" in failure.message and "title, url, date" in failure.message


def test_csv_rows_with_missing_or_extra_fields(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,text,published\n"
                    f'"Good one","{REPORT_EN}",2022-01-05\n'
                    '"Missing text"\n'
                    f'"Too many","{REPORT_FR}",2022-01-06,extra,fields\n'
                    f'"Good two","{REPORT_FR}",\n', encoding="utf-8")
    raws, failures = read([path])
    assert [r.title for r in raws] == ["Good one", "Good two"]
    assert raws[0].published == "2022-01-05" and raws[1].published is None
    assert [(f.source, f.error) for f in failures] == [(f"{path}:3", "MalformedRecord"), (f"{path}:4", "MalformedRecord")]
    assert "no text" in failures[0].message and "more fields than the header" in failures[1].message


def test_a_bad_batch_keeps_the_good_inputs_and_loses_nothing(tmp_path, store):
    """Every kind of bad file in one batch with good ones, into a store that already
    holds articles: the good ones are stored, each bad one is named with its problem,
    and nothing stored before is lost or duplicated."""
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(unique_report(1), encoding="utf-8")
    ingest([str(earlier)], store, extractor=FakeExtractor())
    before = {a["id"] for a in store.list_articles()[0]}
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "01_good.txt").write_text(unique_report(2), encoding="utf-8")
    (batch / "02_empty.txt").write_bytes(b"")
    (batch / "03_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (batch / "04_latin1.txt").write_bytes(REPORT_FR.replace("’", "'").encode("latin-1"))
    (batch / "05_broken.html").write_text("<html><body><p>" + unique_report(3), encoding="utf-8")
    (batch / "06_rows.jsonl").write_text(json.dumps({"text": unique_report(4)}) + "\n{oops\n", encoding="utf-8")
    (batch / "07_rows.csv").write_text("headline\nno text here\n", encoding="utf-8")
    (batch / "08_earlier_again.txt").write_text(unique_report(1), encoding="utf-8")
    report = ingest([str(batch), str(tmp_path / "missing.txt")], store, extractor=FakeExtractor())
    assert report.stored == 4 and report.unchanged == 1
    failed = {Path(f.source.split(":")[0]).name: f.error for f in report.failures}
    assert failed == {"02_empty.txt": "EmptyInput", "03_binary.txt": "BinaryInput", "06_rows.jsonl": "MalformedRecord",
                      "07_rows.csv": "MalformedRecord", "missing.txt": "InputError"}
    after = {a["id"] for a in store.list_articles()[0]}
    assert before < after and len(after) == 5
    assert len(store.failures()) == len(report.failures)


# -- addresses ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:8080/feed", "http://10.1.2.3/a",
                                 "http://192.168.1.10/", "http://172.16.0.5/", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://0.0.0.0/",
                                 "https://100.64.0.1/", "http://224.0.0.1/"])
def test_private_and_loopback_addresses_are_refused(url):
    with pytest.raises(PrivateAddress, match="--allow-private") as info:
        check_address(url, allow_private=False)
    assert info.value.source == url
    check_address(url, allow_private=True)


@pytest.mark.parametrize("url,message", [("ftp://example.org/a", "only http and https"),
                                         ("file:///etc/passwd", "only http and https"),
                                         ("http:///nohost", "no host")])
def test_other_schemes_and_hostless_urls_are_refused(url, message):
    with pytest.raises(FetchError, match=message):
        check_address(url, allow_private=True)


def test_a_url_on_a_private_address_is_refused_without_connecting(store):
    with http_server({"/a.html": page(f"<p>{REPORT_EN}</p>")}) as base:
        report = ingest([base + "/a.html"], store, Settings(), extractor=FakeExtractor())
        [failure] = report.failures
        assert failure.source == base + "/a.html" and failure.error == "PrivateAddress"
        assert "refusing to fetch from 127.0.0.1" in failure.message and "--allow-private" in failure.message
        assert store.summary()["articles"] == 0


def test_an_unresolvable_host_is_a_clear_failure():
    raws, [failure] = read(["http://no-such-host.invalid/article"], Settings())
    assert failure.error == "FetchError" and "cannot resolve host 'no-such-host.invalid'" in failure.message


# -- fetching from a real server ----------------------------------------------------------------------
ARTICLE_PAGE = page(
    f"<h1>Four soldiers killed near Boulkessi</h1><p>{REPORT_EN}</p><p>{REPORT_EN.replace('four', 'six')}</p>",
    title="Four soldiers killed near Boulkessi",
    head="<meta property='og:site_name' content='Sahel Test Wire'>"
         "<meta name='author' content='Awa Diallo'>"
         "<meta property='article:published_time' content='2019-05-16T08:00:00Z'>"
         "<link rel='canonical' href='https://sahel-test-wire.example/boulkessi'>")


def test_a_page_is_fetched_with_its_metadata():
    with http_server({"/a.html": ARTICLE_PAGE}) as base:
        [raw], [] = read([base + "/a.html"], LOOPBACK)
    assert raw.fmt == "url" and raw.url == base + "/a.html"
    doc = prepare(raw)
    assert doc.title == "Four soldiers killed near Boulkessi" and doc.published == "2019-05-16"
    assert doc.site_name == "Sahel Test Wire" and doc.author == "Awa Diallo"
    assert doc.url == base + "/a.html" or doc.url == "https://sahel-test-wire.example/boulkessi"


def test_redirects_are_followed_and_the_final_url_kept():
    routes = {"/old": Response(status=301, headers={"Location": "/older"}),
              "/older": Response(status=302, headers={"Location": "/a.html"}), "/a.html": ARTICLE_PAGE}
    with http_server(routes) as base:
        [raw], [] = read([base + "/old"], LOOPBACK)
    assert raw.url == base + "/a.html" and raw.source == base + "/old"


def test_a_redirect_loop_stops_at_the_limit():
    with http_server({"/loop": Response(status=302, headers={"Location": "/loop"})}) as base:
        [], [failure] = read([base + "/loop"], LOOPBACK)
    assert failure.error == "FetchError" and "more than 5 redirects" in failure.message


def test_http_errors_name_the_status():
    with http_server({"/gone": Response(b"gone", status=410)}) as base:
        raws, failures = read([base + "/gone", base + "/missing"], LOOPBACK)
    assert raws == []
    assert [(f.source, f.message) for f in failures] == [
        (base + "/gone", "the server answered HTTP 410"), (base + "/missing", "the server answered HTTP 404")]


def test_a_slow_server_times_out():
    with http_server({"/slow": Response(b"late", delay=2.0)}) as base:
        started = time.perf_counter()
        [], [failure] = read([base + "/slow"], Settings(allow_private=True, fetch_timeout=0.3))
        assert time.perf_counter() - started < 1.8
    assert failure.error == "FetchError" and failure.message == "timed out after 0.3 s"


@pytest.mark.parametrize("chunks", [1, 8], ids=["declared-length", "streamed"])
def test_a_page_over_the_size_limit_is_refused(chunks):
    body = page("<p>" + REPORT_EN * 200 + "</p>").body
    with http_server({"/big.html": Response(body, chunks=chunks)}) as base:
        [], [failure] = read([base + "/big.html"], Settings(allow_private=True, max_bytes=20_000))
    assert failure.error == "InputTooLarge" and "20000 bytes" in failure.message


def test_an_unreachable_url_is_a_failure_and_the_batch_goes_on(store, tmp_path):
    with http_server({}) as base:
        dead = base + "/a.html"
    good = tmp_path / "good.txt"
    good.write_text(REPORT_EN, encoding="utf-8")
    report = ingest([dead, str(good)], store, LOOPBACK, extractor=FakeExtractor())
    [failure] = report.failures
    assert failure.source == dead and failure.error == "FetchError" and "cannot fetch" in failure.message
    assert report.stored == 1


# -- feeds ------------------------------------------------------------------------------------------
def rss(items: list[dict[str, str]]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Sahel Test Wire</title>'
           '<link>https://sahel-test-wire.example/</link><description>test</description>']
    for item in items:
        out.append("<item>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in item.items()) + "</item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def feed_items(n: int, base: str = "https://sahel-test-wire.example") -> list[dict[str, str]]:
    start = datetime(2023, 1, 1, 8, tzinfo=UTC)
    return [{"title": f"Report {i}", "link": f"{base}/story/{i}", "guid": f"story-{i}",
             "pubDate": format_datetime(start + timedelta(hours=i)),
             "description": f"<p>{unique_report(i)}</p>"} for i in range(n)]


def test_a_feed_of_1000_items_is_read_item_by_item(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_bytes(rss(feed_items(1000)))
    raws, failures = read([path])
    assert failures == [] and len(raws) == 1000
    assert raws[0].source == f"{path}#item1" and raws[0].published == "2023-01-01"
    assert raws[-1].title == "Report 999" and raws[-1].external_id == "story-999"


def test_a_feed_of_1000_items_goes_through_the_pipeline(tmp_path):
    from conflictmap.store import open_store

    items = feed_items(1000)
    for item in items:
        item["description"] = item["description"][3:-4]      # plain text: no HTML to parse
    path = tmp_path / "wire.xml"
    path.write_bytes(rss(items))
    fast = Path("/dev/shm") if Path("/dev/shm").is_dir() else tmp_path   # 1,000 commits
    store = open_store(str(fast / f"feed-{tmp_path.name}.db"))
    try:
        good = tmp_path / "good.txt"
        good.write_text(REPORT_FR, encoding="utf-8")
        report = ingest([str(path), str(good)], store, extractor=FakeExtractor())
        assert report.stored == 1001 and report.failures == [] and report.duplicates == 0
        assert store.summary()["articles"] == 1001
    finally:
        store.close()
        Path(store.db).unlink(missing_ok=True)


def test_a_feed_over_the_item_limit_says_so(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_bytes(rss(feed_items(12)))
    raws, [failure] = read([path], Settings(feed_limit=10))
    assert len(raws) == 10 and failure.error == "InputTooLarge"
    assert "has 12 items; only the first 10 were read (--feed-limit)" in failure.message


def test_a_feed_by_url_fetches_the_linked_pages(store):
    """Items with only a short summary are fetched from their link."""
    routes: dict = {}
    with http_server(routes) as base:
        items = [{"title": "Four soldiers killed", "link": f"{base}/a.html", "guid": "a",
                  "pubDate": "Thu, 16 May 2019 08:00:00 GMT", "description": "Short teaser."},
                 {"title": "Gone", "link": f"{base}/gone.html", "guid": "b", "description": "Another teaser."}]
        routes["/feed.xml"] = Response(rss(items), content_type="application/rss+xml")
        routes["/a.html"] = ARTICLE_PAGE
        routes["/gone.html"] = Response(b"", status=404)
        report = ingest([base + "/feed.xml"], store, LOOPBACK, extractor=FakeExtractor())
    assert report.stored == 1
    [failure] = report.failures
    assert failure.source == f"{base}/gone.html" and "HTTP 404" in failure.message
    article = store.list_articles()[0][0]
    assert article["published"] == "2019-05-16" and article["url"] == f"{base}/a.html"


def test_a_feed_that_is_not_xml_or_has_no_items(tmp_path):
    empty = tmp_path / "empty.rss"
    empty.write_bytes(rss([]))
    raws, [failure] = read([empty])
    assert raws == [] and failure.message == "the feed has no items"


def test_an_atom_feed(tmp_path):
    entries = "".join(
        f"<entry><title>Report {i}</title><id>urn:report:{i}</id><updated>2022-06-2{i}T10:00:00Z</updated>"
        f"<link href='https://example.org/{i}'/><content type='html'>&lt;p&gt;{unique_report(i)}&lt;/p&gt;</content></entry>"
        for i in range(3))
    path = tmp_path / "wire.atom"
    path.write_text("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                    f"<title>Wire</title><id>urn:wire</id><updated>2022-06-23T10:00:00Z</updated>{entries}</feed>",
                    encoding="utf-8")
    raws, failures = read([path])
    assert failures == [] and [r.published for r in raws] == ["2022-06-20", "2022-06-21", "2022-06-22"]
    assert "Boulkessi" in prepare(raws[0]).text



def test_every_redirect_hop_is_checked_for_private_addresses(monkeypatch):
    """A public page that redirects to a private address is refused at the redirect.
    (The test server is on loopback, so its first URL is treated as public.)"""
    from conflictmap.stages import ingest as ingest_stage

    real_check = ingest_stage.check_address
    with http_server({"/public": Response(status=302, headers={"Location": "/internal"}),
                      "/internal": ARTICLE_PAGE}) as base:
        def check(url: str, allow_private: bool) -> None:
            if url != base + "/public":
                real_check(url, allow_private)

        monkeypatch.setattr(ingest_stage, "check_address", check)
        raws, [failure] = read([base + "/public"], Settings(fetch_timeout=5))
    assert raws == [] and failure.error == "PrivateAddress"
    assert failure.source == base + "/internal" and "refusing to fetch from 127.0.0.1" in failure.message
