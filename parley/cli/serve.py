"""`parley serve`: the HTTP API and the dashboard over one event store."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from parley.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="HTTP API and web dashboard on 127.0.0.1",
        description="Serve the HTTP API (/api/..., schema at /openapi.json) and the dashboard (/) "
                    "over an event store. Read-only unless --allow-ingest.")
    p.add_argument("--db", metavar="URL", default=None,
                   help="DuckDB file or postgresql:// URL (default: $PARLEY_DB or ./parley.duckdb)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; 0.0.0.0 exposes the server to the network)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--allow-ingest", action="store_true",
                   help="open the store for writing and enable POST /api/ingest (needs $PARLEY_TOKEN)")
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="allow browser calls from this origin (e.g. https://example.org); repeatable")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"],
                   help="server log level (default warning)")
    p.set_defaults(func=run)


def check_host(host: str) -> str | None:
    """A warning when the server would be reachable from other machines."""
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return None if host == "localhost" else f"binding to {host}: the dashboard may be reachable from the network"
    if addr.is_unspecified:
        return (f"binding to {host} exposes the dashboard and API to every network this machine is on; "
                "use --host 127.0.0.1 unless you mean it")
    if not addr.is_loopback:
        return f"binding to {host}: the dashboard and API are reachable from that network"
    return None


def check_origins(origins: list[str]) -> list[str]:
    for origin in origins:
        if origin == "*":
            continue
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            raise UsageError(f"--cors-origin '{origin}' must look like https://host[:port] (no path)")
    return origins


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from parley.api import create_app
    from parley.config import load_settings

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number (0-65535)")
    settings = load_settings({"db": args.db})
    app = create_app(settings.db, allow_ingest=args.allow_ingest, token=settings.token,
                     cors_origins=check_origins(args.cors_origin))
    warning = check_host(args.host)
    if warning:
        print(f"parley: warning: {warning}", file=sys.stderr)
    config = uvicorn.Config(app, host=args.host, port=args.port, workers=1, log_level=args.log_level,
                            server_header=False, limit_concurrency=256, timeout_keep_alive=5)
    server = uvicorn.Server(config)
    _announce_when_started(server, args.host, settings.db, args.allow_ingest)
    server.run()
    return 0


def _announce_when_started(server, host: str, db: str, allow_ingest: bool) -> None:
    """Print the URL once the socket is bound (so --port 0 shows the real port)."""
    original = server.startup

    async def startup(sockets=None):
        await original(sockets=sockets)
        port = next((s.getsockname()[1] for srv in server.servers for s in srv.sockets), None)
        shown = f"[{host}]" if ":" in host else host
        mode = "read-write, POST /api/ingest enabled" if allow_ingest else "read-only"
        print(f"parley: serving {db} ({mode}) at http://{shown}:{port}/  (Ctrl-C to stop)", flush=True)

    server.startup = startup
