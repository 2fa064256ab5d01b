"""Exports of the filtered events as a download: CSV, Parquet, GDELT-style TSV, PLOVER JSON."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from parley.api.errors import ERROR_RESPONSES, ApiError
from parley.api.params import Filters, event_filters

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

FORMATS = {
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "parquet": ("application/vnd.apache.parquet", ".parquet"),
    "gdelt": ("text/tab-separated-values; charset=utf-8", ".tsv"),
    "plover": ("application/json", ".json"),
}
# A download name: a plain file name, no folders, no leading dot, no control characters.
FILENAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MAX_EXPORT_ROWS = 200_000


def safe_filename(name: str | None, fmt: str) -> str:
    """The download name for Content-Disposition; anything that could be a path is refused.

    >>> safe_filename("rus-afg", "csv")
    'rus-afg.csv'
    """
    ext = FORMATS[fmt][1]
    if not name:
        return f"parley-events{ext}"
    if "/" in name or "\\" in name or ".." in name or not FILENAME_RE.match(name):
        raise ApiError(400, "bad_request",
                       f"filename '{name[:60]}' is not a plain file name (letters, digits, '.', '_', '-')")
    return name if name.endswith(ext) else name + ext


@router.get("/export", summary="Download the filtered events (mentions or fused) as a file",
            response_class=Response,
            responses={200: {"content": {m: {} for m, _ in FORMATS.values()},
                             "description": "the file"}})
def export(request: Request, filters: Annotated[Filters, Depends(event_filters)],
           format: Annotated[Literal["csv", "parquet", "gdelt", "plover"], Query(description="file format")] = "csv",
           fused: Annotated[bool, Query(description="fused events instead of mentions (csv, parquet)")] = False,
           filename: Annotated[str | None, Query(max_length=120, description="download file name")] = None,
           ) -> Response:
    """At most 200,000 rows per download; narrow the filters for more."""
    name = safe_filename(filename, format)
    body = request.app.state.service.export(filters, fmt=format, fused=fused, max_rows=MAX_EXPORT_ROWS)
    media = FORMATS[format][0]
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
