"""`conflictmap actors ...`: look into the actor knowledge base and add to it.

A click group meant to be mounted in the main CLI (`main.add_command(actors)`).
The commands only parse flags, call stages.actors and print.
"""

from __future__ import annotations

from pathlib import Path

import click

from .config import Settings
from .errors import ConflictMapError
from .stages.actors import ActorBase
from .taxonomy import INTER_CODES


@click.group("actors")
def actors() -> None:
    """The actor knowledge base: list, show and add actors."""


@actors.command("list")
@click.option("--country", help="Only actors of this country (any of its names or its ISO code).")
@click.option("--type", "type_", help="Only this ACLED inter code (1..8) or kind (state_force, organisation, ...).")
def list_actors(country: str | None, type_: str | None) -> None:
    """One line per actor: name, inter code, country, kind."""
    base = _base()
    wanted_country = (base.country_name(country) or country) if country else None
    for actor in base.actors():
        if wanted_country and actor.country != wanted_country:
            continue
        if type_ and not (str(actor.inter) == type_ or actor.kind == type_):
            continue
        click.echo(f"{actor.name}\t{actor.inter}\t{actor.country or '-'}\t{actor.kind}")


@actors.command("show")
@click.argument("name")
def show(name: str) -> None:
    """An actor's facts, aliases and dated affiliations (NAME may be any alias)."""
    base = _base()
    actor = base.get(name)
    if actor is None:
        raise click.ClickException(f"no actor named {name!r}; try `conflictmap actors list`")
    record = base.record(actor.name)
    click.echo(f"name:     {actor.name}")
    click.echo(f"inter:    {actor.inter} ({INTER_CODES.get(actor.inter, '?')})")
    click.echo(f"country:  {actor.country or '-'}")
    click.echo(f"kind:     {actor.kind}")
    if actor.parent:
        click.echo(f"parent:   {actor.parent}")
    if actor.active_from or actor.active_to:
        click.echo(f"active:   {actor.active_from or '?'} .. {actor.active_to or ''}")
    if actor.aliases:
        click.echo("aliases:  " + "; ".join(actor.aliases))
    for item in record.get("names") or []:
        click.echo(f"name used: {item['name']} ({item['from'] or '?'} .. {item['to'] or ''})")
    for fact in actor.affiliations:
        when = f"{fact.get('from') or '?'} .. {fact.get('to') or ''}"
        note = f"  ({fact['note']})" if fact.get("note") else ""
        click.echo(f"{fact['relation']}: {fact['target']}  [{when}]{note}")
    if actor.note:
        click.echo(f"note:     {actor.note}")
    if record.get("source"):
        click.echo(f"source:   {record['source']}")


@actors.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="An alias (repeat the option for several).")
@click.option("--inter", type=click.IntRange(1, 8), help="ACLED inter code; needed for a new actor.")
@click.option("--country", help="Home country (English short name), or leave out for international.")
@click.option("--kind", help="organisation, state_force, government, ethnic_militia, ...")
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="User actor file (default: $CONFLICTMAP_ACTORS or ~/.conflictmap/actors.yaml).")
def add(name: str, aliases: tuple[str, ...], inter: int | None, country: str | None,
        kind: str | None, path: Path | None) -> None:
    """Add an actor, or aliases of an existing one, to the user actor file."""
    target = path or Settings().user_actors
    try:
        actor = ActorBase.add_user_actor(target, name, aliases, inter=inter, country=country, kind=kind)
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{actor.name} ({actor.inter}, {actor.country or '-'}) saved in {target}")


def _base() -> ActorBase:
    try:
        return ActorBase.default()
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
