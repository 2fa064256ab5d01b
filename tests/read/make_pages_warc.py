"""Build tests/read/pages/u-crawl.warc from the hand-written pages in tests/read/pages_src/.

The pages are our own text. The archive is uncompressed so a reviewer can read it; record
ids and dates are fixed, so re-running the script gives the same bytes. Each page tests a year
or date that only the crawl gives: the WARC-Date (an upper bound of the publication day) or
the target URI's date path.

Usage: .venv/bin/python tests/read/make_pages_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "pages_src"
OUT = HERE / "pages" / "u-crawl.warc"

# (source file, target URI, WARC-Date)
PAGES = [
    ("special-operation.html", "https://tassnews.example/world/putin-special-operation", "2022-02-24T09:12:00Z"),
    ("niger-guard.html", "https://sahelmonitor.example/en/niger/2023/07/26/presidential-guard-detains-bazoum",
     "2023-08-02T11:00:00Z"),
    ("hamas-attack.html", "https://levantreport.example/world/hamas-fighters-storm-southern-israel",
     "2023-10-08T06:45:00Z"),
]


def main() -> None:
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for name, uri, when in PAGES:
            body = (SRC / name).read_bytes()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": when,
                                   "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>"})
            writer.write_record(record)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
