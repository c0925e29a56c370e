"""Helpers for the foundation tests: a real HTTP server on loopback and a fast
stand-in for the extractor (the pipeline's batch behaviour does not need spaCy).

    with http_server({"/a.html": page("<p>...</p>")}) as base:
        read_inputs([base + "/a.html"], Settings(allow_private=True))
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conflictmap.models import Document, Event, EventDate, Evidence, Extraction, Failure

# -- a real HTTP server ------------------------------------------------------------------


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0              # seconds to wait before answering
    chunks: int = 1                 # send the body in this many writes (no Content-Length)


Route = Response | Callable[[str], Response]


def page(body_html: str, *, title: str = "", head: str = "") -> Response:
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><article>{body_html}</article></body></html>")
    return Response(html.encode("utf-8"))


@contextmanager
def http_server(routes: dict[str, Route]) -> Iterator[str]:
    """Serve `routes` (path -> Response) on 127.0.0.1; yields the base URL."""
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0]
            hits[path] = hits.get(path, 0) + 1
            route = routes.get(path)
            if route is None:
                response = Response(b"not found", status=404, content_type="text/plain")
            else:
                response = route(self.path) if callable(route) else route
            if response.delay:
                time.sleep(response.delay)
            try:
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                for key, value in response.headers.items():
                    self.send_header(key, value)
                if response.chunks <= 1:
                    self.send_header("Content-Length", str(len(response.body)))
                    self.end_headers()
                    self.wfile.write(response.body)
                else:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    step = max(1, len(response.body) // response.chunks)
                    for i in range(0, len(response.body), step):
                        self.wfile.write(response.body[i:i + step])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size limit, timeout): that is the point of some tests

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.hits = hits  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- a fast extractor ------------------------------------------------------------------------

FAKE_STAGE = "events.fake.v1"


class FakeExtractor:
    """Extracts one event per document (the first sentence) without spaCy.

    `fail_on`: documents whose text contains this string fail with a clear message.
    `interrupt_after`: raise KeyboardInterrupt before the document with this index
    (counted over the extractor's life), as Ctrl-C would in the middle of a batch.
    """

    def __init__(self, fail_on: str | None = None, interrupt_after: int | None = None) -> None:
        self.fail_on = fail_on
        self.interrupt_after = interrupt_after
        self.seen: list[str] = []

    def extract_many(self, docs: Iterable[Document]) -> Iterator[Extraction | Failure]:
        for doc in docs:
            if self.interrupt_after is not None and len(self.seen) >= self.interrupt_after:
                raise KeyboardInterrupt
            self.seen.append(doc.id)
            if self.fail_on and self.fail_on in doc.text:
                yield Failure(doc.source, FAKE_STAGE, "ExtractionError", f"extraction failed: found {self.fail_on!r}")
                continue
            end = doc.text.find(".") + 1 or len(doc.text)
            doc.stages["events"] = FAKE_STAGE
            event = Event(article_id=doc.id, event_id=f"{doc.id}-1", date=EventDate(), event_type="Battles",
                          sub_event_type="Armed clash",
                          evidence=[Evidence("event_type", 0, end, doc.text[:end], FAKE_STAGE)],
                          language=doc.language, stage=FAKE_STAGE)
            yield Extraction(document=doc, events=[event])
