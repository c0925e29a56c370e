"""The command line: parse flags, call the library, print. Nothing else lives here.

    conflictmap ingest PATH_OR_URL ...     read, clean, extract and store articles
    conflictmap extract IN.jsonl -o OUT    the stateless extraction contract
    conflictmap geoparse IN.jsonl -o OUT   the stateless geoparsing contract
    conflictmap status                     what is stored, runs, failures
    conflictmap events / export / serve    query, export, explore
    conflictmap eval GOLD.jsonl            accuracy on a gold file
    conflictmap reprocess                  re-extract stored articles with current stages
    conflictmap actors / places            the actor base and the gazetteer
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Settings
from .errors import ConflictMapError, StoreError

log = logging.getLogger("conflictmap")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _progress(label: str, enabled: bool):
    if not enabled:
        return None

    def factory(total: int) -> Any:
        from tqdm import tqdm

        return tqdm(total=total, desc=label, unit="article", file=sys.stderr, dynamic_ncols=True,
                    bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                               "[{elapsed}<{remaining}, {rate_fmt}]")
    return factory


def _fail(message: str, code: int = 1) -> None:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


def _open(db: str, create: bool = True) -> Any:
    from .store import open_store

    try:
        return open_store(db, create=create)
    except StoreError as exc:
        _fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictmap")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def main(verbose: int) -> None:
    """ConflictMap: political-violence events from news reports, offline."""
    _setup_logging(verbose)


db_option = click.option("--db", default=None, help="SQLite path or postgresql:// URL [default: conflictmap.db or $CONFLICTMAP_DB].")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for inputs whose metadata has none.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private and loopback addresses.")
@click.option("--max-mb", type=float, default=None, help="Largest file or page read, in MB [default: 20].")
@click.option("--feed-limit", type=int, default=None, help="Most items read from one feed [default: 1000].")
@click.option("--timeout", type=float, default=None, help="Seconds per fetched URL [default: 20].")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
def ingest(inputs: tuple[str, ...], db: str | None, published: str | None, allow_private: bool,
           max_mb: float | None, feed_limit: int | None, timeout: float | None, no_progress: bool,
           as_json: bool) -> None:
    """Read, clean, extract and store articles (files, directories, URLs, feeds)."""
    from .pipeline import ingest as run_ingest
    from .stages.dates import parse_iso_date

    if published and not parse_iso_date(published):
        _fail(f"--published {published!r} is not a date; use YYYY-MM-DD", 2)
    settings = Settings().with_(db=db, allow_private=allow_private or None, feed_limit=feed_limit,
                                fetch_timeout=timeout,
                                max_bytes=int(max_mb * 1024 * 1024) if max_mb else None)
    store = _open(settings.db)
    try:
        report = run_ingest(list(inputs), store, settings, published=parse_iso_date(published) if published else None,
                            progress=_progress("extracting", not no_progress and not as_json))
    except StoreError as exc:
        _fail(f"{exc} (nothing already stored was lost)")
    except KeyboardInterrupt:
        click.echo("\ninterrupted: run the same command again to resume where it stopped", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "failures": [f.__dict__ for f in report.failures]}, indent=2))
        return
    rate = report.stored / report.seconds if report.seconds else 0.0
    click.echo(f"read {report.read} articles: {report.stored} stored, {report.unchanged} unchanged, "
               f"{report.duplicates} near-duplicates linked, {report.unsupported} in unsupported languages; "
               f"{report.events} events ({rate:.1f} articles/s, {report.words / max(report.seconds, 1e-9):.0f} words/s)")
    for failure in report.failures:
        click.secho(f"  failed: {failure.source}: {failure.message}", fg="yellow", err=True)
    click.echo(f"database: {settings.db}")


@main.command()
@click.argument("infile", default="-")
@click.option("-o", "--output", default="-", help="Output JSONL file [default: stdout].")
@click.option("--articles-out", default=None, help="Write the cleaned article texts that evidence offsets index.")
@click.option("--relations", "with_relations", is_flag=True, help="Also write actor relations (record: relation).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["event", "aggregate", "background", "campaign"]),
              help="Only these kinds of statements [default: all four].")
def extract(infile: str, output: str, articles_out: str | None, with_relations: bool, kinds: tuple[str, ...]) -> None:
    """Extract events from JSON lines {id, text, published?, title?, url?, language?}."""
    from .contract import extract_lines
    from .pipeline import Extractor

    try:
        source = sys.stdin if infile == "-" else open(infile, encoding="utf-8")
    except OSError as exc:
        _fail(f"{infile}: cannot read ({exc.strerror})", 2)
    # open the outputs before loading the models, so a bad path fails at once
    try:
        out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
        arts = open(articles_out, "w", encoding="utf-8") if articles_out else None
    except OSError as exc:
        _fail(f"{exc.filename}: cannot write ({exc.strerror})", 2)
    extractor = Extractor.default(Settings(), with_relations=with_relations)
    failures = 0
    with source:
        for result in extract_lines(source, extractor, relations=with_relations, kinds=set(kinds) or None,
                                    source="stdin" if infile == "-" else infile):
            if result.failure is not None:
                failures += 1
                click.secho(f"skipped {result.failure.source}: {result.failure.message}", fg="yellow", err=True)
            if result.article is not None and arts is not None:
                arts.write(json.dumps(result.article, ensure_ascii=False) + "\n")
            for record in result.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    if arts is not None:
        arts.close()
    if failures:
        click.echo(f"{failures} line(s) skipped", err=True)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
def status(db: str | None, as_json: bool) -> None:
    """What is stored: articles, events, runs, and the inputs that failed and why."""
    settings = Settings().with_(db=db)
    store = _open(settings.db, create=False)
    summary = store.summary()
    runs = store.runs(limit=5)
    failures = store.failures(limit=50)
    if as_json:
        click.echo(json.dumps({"summary": summary, "runs": runs, "failures": failures}, indent=2, default=str))
        return
    click.echo(f"database: {settings.db}")
    click.echo(f"articles: {summary['articles']} {summary['articles_by_status']}  languages: {summary['articles_by_language']}")
    click.echo(f"events: {summary['events']} (fatalities {summary['fatalities']}); other statements: "
               f"{ {k: v for k, v in summary['statements_by_kind'].items() if k != 'event'} }")
    for name, key in (("by type", "events_by_type"), ("by country", "events_by_country")):
        click.echo(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(summary[key].items(), key=lambda kv: -kv[1])))
    click.echo(f"relations: {summary['relations']}  near-duplicates: {summary['near_duplicates']}")
    for run in runs:
        click.echo(f"run {run['id']} {run['status']} {run['started_at']}: {run.get('counts') or {}}")
    if failures:
        click.echo(f"failures ({summary['failures']}):")
        for f in failures:
            click.echo(f"  [{f['error']}] {f['source']}: {f['message']}")


@main.command()
@db_option
@click.option("--no-progress", is_flag=True)
def reprocess(db: str | None, no_progress: bool) -> None:
    """Re-extract every stored article with the current stages (corrections survive)."""
    from .pipeline import Extractor
    from .pipeline import reprocess as run_reprocess

    settings = Settings().with_(db=db)
    store = _open(settings.db, create=False)
    store.migrate()
    report = run_reprocess(store, Extractor.default(settings), progress=_progress("reprocessing", not no_progress))
    click.echo(f"reprocessed {report.stored} articles: {report.events} events; {len(report.failures)} failures")


@main.command()
def stages() -> None:
    """The pipeline stages in order, with what each reads and writes."""
    from .pipeline import STAGES

    for name, reads, writes in STAGES:
        click.echo(f"{name:10} reads {reads:40} writes {writes}")


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True)
@click.option("--shared", default=None, help="Directory holding the corpora that corpus gold files refer to.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List the mismatches.")
def evaluate(gold: tuple[str, ...], shared: str | None, as_json: bool, show_errors: bool) -> None:
    """Accuracy on gold files (events, places or relations; see docs/gold-format.md)."""
    from .evaluation import run_evaluation

    try:
        result = run_evaluation([Path(g) for g in gold], shared=Path(shared) if shared else None)
    except ConflictMapError as exc:
        _fail(str(exc), 2)
    if as_json:
        click.echo(json.dumps(result.as_dict(errors=show_errors), indent=2, ensure_ascii=False))
    else:
        click.echo(result.table(errors=show_errors))


def _mount_optional() -> None:
    """Command groups that live in their own modules."""
    import importlib

    for module, names in (("cli_places", {"places": "places", "geoparse": "geoparse_command"}),
                          ("cli_actors", {"actors": "actors"}),
                          ("cli_explorer", {"serve": "serve", "export": "export_cmd", "events": "events"}),
                          ("cli_relations", {"relations": "relations"})):
        try:
            mod = importlib.import_module(f"conflictmap.{module}")
        except ImportError as exc:
            log.debug("commands of %s not available: %s", module, exc)
            continue
        for name, attribute in names.items():
            command = getattr(mod, attribute, None)
            if isinstance(command, click.Command):
                _same_help_options(command)
                main.add_command(command, name)


def _same_help_options(command: click.Command) -> None:
    """-h and --help everywhere, also when a command group is run on its own."""
    command.context_settings.setdefault("help_option_names", ["-h", "--help"])
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _same_help_options(sub)


_mount_optional()
