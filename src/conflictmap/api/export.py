"""/api/export/{format}: the filtered events in any export format, as a download."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import StreamingResponse

from ..exports import FORMATS, export
from ..store import Store
from .deps import Filters, get_store

router = APIRouter(tags=["export"])
CHUNK = 64 * 1024


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while block := spool.read(CHUNK):
            yield block
    finally:
        spool.close()


@router.get("/api/export/{fmt}", summary="Download the matching events (acled-csv, geojson, graphml, ...)")
def download(fmt: str, query: Filters, store: Annotated[Store, Depends(get_store)],
             relations: Annotated[bool, Query(description="network formats: include the relations table")] = True
             ) -> StreamingResponse:
    module = FORMATS.get(fmt.replace("_", "-").lower())
    if module is None:
        raise HTTPException(404, f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115  (closed by _chunks)
    export(store, module.NAME, spool, query, include_relations=relations)
    spool.seek(0)
    filename = f"conflictmap-events.{module.EXTENSION}"
    return StreamingResponse(_chunks(spool), media_type=module.MEDIA_TYPE,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
