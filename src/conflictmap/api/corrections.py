"""/api/events/{id}/corrections: analyst edits, rejections, restorations and merges.

Writing needs `Authorization: Bearer <token>` (Settings.token); with no token
configured the API is read-only (403). Each correction is recorded by
Store.correct_event (who, when, before, after) and survives re-processing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel, Field

from ..errors import ConfigError
from ..models import KINDS, TIME_PRECISIONS
from ..store import EDITABLE_FIELDS, Store
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES
from .deps import Resources, get_store, require_token, resources

router = APIRouter(prefix="/api/events", tags=["corrections"])


class CorrectionIn(BaseModel):
    action: Literal["edit", "reject", "restore", "merge"]
    changes: dict[str, Any] | None = Field(default=None, description="field -> new value (edit)")
    merge_into: str | None = Field(default=None, max_length=64, description="event id (merge)")
    note: str | None = Field(default=None, max_length=2000)
    who: str | None = Field(default=None, max_length=100, description="the analyst's name")


def _int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise HTTPException(422, f"{name} must be an integer")
    if (low is not None and value < low) or (high is not None and value > high):
        raise HTTPException(422, f"{name} must be between {low} and {high}")
    return value


def _float(name: str, value: Any, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise HTTPException(422, f"{name} must be a number between {low} and {high}")
    return float(value)


def _str(name: str, value: Any, allowed: Any = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 300:
        raise HTTPException(422, f"{name} must be a string of at most 300 characters")
    if allowed is not None and value not in allowed:
        raise HTTPException(422, f"{name} must be one of: {', '.join(allowed)}")
    return value


def validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check each edited field's type and vocabulary; 422 names the bad field."""
    if not changes:
        raise HTTPException(422, "an edit needs at least one field in 'changes'")
    bad = sorted(set(changes) - EDITABLE_FIELDS)
    if bad:
        raise HTTPException(422, f"not editable: {', '.join(bad)}; editable: {', '.join(sorted(EDITABLE_FIELDS))}")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("event_date", "date_start", "date_end"):
            if value is not None:
                try:
                    date.fromisoformat(str(value))
                except ValueError as exc:
                    raise HTTPException(422, f"{name} must be a date YYYY-MM-DD") from exc
            out[name] = value
        elif name == "event_type":
            out[name] = _str(name, value, list(EVENT_TYPES))
        elif name == "sub_event_type":
            out[name] = _str(name, value, list(SUB_EVENT_TYPES))
        elif name == "kind":
            out[name] = _str(name, value, KINDS)
        elif name == "time_precision":
            out[name] = _str(name, value, TIME_PRECISIONS)
        elif name in ("inter1", "inter2"):
            out[name] = _int(name, value, 1, 8)
        elif name in ("geo_precision",):
            out[name] = _int(name, value, 1, 3)
        elif name == "where_prec":
            out[name] = _int(name, value, 1, 7)
        elif name in ("fatalities", "fatalities_low", "fatalities_high"):
            out[name] = _int(name, value, 0, 1_000_000)
        elif name == "geonameid":
            out[name] = _int(name, value, 0)
        elif name == "latitude":
            out[name] = _float(name, value, -90, 90)
        elif name == "longitude":
            out[name] = _float(name, value, -180, 180)
        elif name == "civilian_targeting":
            if not isinstance(value, bool):
                raise HTTPException(422, "civilian_targeting must be true or false")
            out[name] = value
        elif name in ("assoc_actor_1", "assoc_actor_2"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise HTTPException(422, f"{name} must be a list of actor names")
            out[name] = value
        else:
            out[name] = _str(name, value)
    et, st = out.get("event_type"), out.get("sub_event_type")
    if et and st and SUB_EVENT_TYPES.get(st) != et:
        raise HTTPException(422, f"sub_event_type {st!r} is not a kind of {et!r}")
    return out


@router.post("/{event_id}/corrections", status_code=201, dependencies=[Depends(require_token)],
             summary="Correct an event (needs the bearer token)")
def correct(event_id: str, body: CorrectionIn,
            res: Annotated[Resources, Depends(resources)],
            x_analyst: Annotated[str | None, Header(max_length=100)] = None) -> dict[str, Any]:
    who = (body.who or x_analyst or "").strip()
    if not who:
        raise HTTPException(422, "say who corrects: 'who' in the body or an X-Analyst header")
    store = res.store
    if store.get_event(event_id) is None:
        raise HTTPException(404, f"no event {event_id!r}")
    changes = validate_changes(body.changes or {}) if body.action == "edit" else None
    if body.action == "merge" and not body.merge_into:
        raise HTTPException(422, "a merge needs 'merge_into', the id of the event it duplicates")
    try:
        event = store.correct_event(event_id, who=who, action=body.action, changes=changes,
                                    merge_into=body.merge_into, note=body.note)
    except ConfigError as exc:
        raise HTTPException(422, exc.message) from exc
    res.cache.invalidate()
    return {"event": event, "corrections": store.corrections(event_id)}


@router.get("/{event_id}/corrections", summary="The audit trail of one event")
def list_corrections(event_id: str, store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    if store.get_event(event_id) is None:
        raise HTTPException(404, f"no event {event_id!r}")
    items = store.corrections(event_id)
    return {"total": len(items), "items": items}
