"""Build examples/news/crawl-2021.warc.gz from the hand-written pages in examples/warc_src/.

The pages are our own text (see examples/news/README.md). The WARC mixes what a real crawl
holds: a warcinfo record, request/response pairs, a redirect and a stylesheet, so that readers
are tested on picking only the HTML article responses. Output is deterministic (fixed dates
and record ids), so re-running the script produces the same bytes.

Usage: .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "news" / "crawl-2021.warc.gz"

# (source file, target URI, WARC-Date); the URI is the item's identity in events.yaml.
PAGES = [
    ("kabul-airport-pamirpost.html",
     "https://pamirpost.example/news/2021/08/26/kabul-airport-blasts-isis-k",
     "2021-08-26T19:02:11Z"),
    ("moscow-format-volgawire.html",
     "https://volgawire.example/world/2021-10-20/lavrov-moscow-format-taliban",
     "2021-10-20T15:40:03Z"),
    ("russia-aid-pledge-volgawire.html",
     "https://volgawire.example/world/2021-10-20/russia-humanitarian-aid-afghanistan",
     "2021-10-20T16:55:47Z"),
    ("mali-coup-sahelmonitor.html",
     "https://sahelmonitor.example/en/mali/2020/08/19/keita-resigns",
     "2020-08-19T06:30:00Z"),
]


def _record_id(uri: str, kind: str) -> str:
    """A stable WARC-Record-ID so the output does not change between runs."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ':' + uri)}>"


def _write(writer: WARCWriter, rec_type: str, uri: str, date: str, payload: bytes,
           http_headers: StatusAndHeaders | None) -> None:
    record = writer.create_warc_record(
        uri, rec_type, payload=BytesIO(payload), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(uri, rec_type)},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, uri: str, date: str) -> None:
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3]
    headers = StatusAndHeaders(f"GET {path} HTTP/1.1",
                               [("Host", host), ("User-Agent", "parley-example-crawler/1.0")],
                               is_http_request=True)
    _write(writer, "request", uri, date, b"", headers)


def _response(writer: WARCWriter, uri: str, date: str, body: bytes, status: str,
              content_type: str, extra: list[tuple[str, str]] = ()) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                        ("Content-Length", str(len(body))), *extra],
                               protocol="HTTP/1.1")
    _write(writer, "response", uri, date, body, headers)


def build(out: Path = OUT) -> Path:
    """Write the WARC to ``out`` (default: examples/news/crawl-2021.warc.gz) and return it."""
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            "crawl-2021.warc.gz",
            {"software": "parley examples/make_warc.py", "format": "WARC File Format 1.0",
             "description": "hand-written example pages, not a real crawl"},
        )
        info.rec_headers.replace_header("WARC-Date", "2021-10-21T00:00:00Z")
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("crawl-2021", "warcinfo"))
        writer.write_record(info)
        # A redirect and a stylesheet, as in any crawl: not articles.
        _response(writer, "http://pamirpost.example/news/latest", "2021-08-26T19:01:58Z", b"",
                  "301 Moved Permanently", "text/html",
                  [("Location", PAGES[0][1])])
        _response(writer, "https://volgawire.example/static/site.css", "2021-10-20T15:40:01Z",
                  b"body{font-family:Georgia,serif}.top-nav a{color:#036}\n", "200 OK", "text/css")
        for name, uri, date in PAGES:
            body = (SRC / name).read_bytes()
            _request(writer, uri, date)
            _response(writer, uri, date, body, "200 OK", "text/html; charset=utf-8")
    return out


def main() -> None:
    out = build()
    print(f"wrote {out.relative_to(HERE.parent)} ({len(PAGES)} article pages)")


if __name__ == "__main__":
    main()
