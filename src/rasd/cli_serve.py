"""`rasd serve`: the HTTP API and web interface over a store, read-only, on uvicorn."""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys

import click

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--db", default=lambda: os.environ.get("RASD_DB", "rasd.duckdb"), show_default="$RASD_DB or rasd.duckdb",
              help="DuckDB file or postgresql:// URL; opened read-only.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; not loopback needs a token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--token", default=lambda: os.environ.get("RASD_SERVE_TOKEN"), show_default="$RASD_SERVE_TOKEN",
              help="Access token required on every request (made up and printed when binding beyond loopback).")
@click.option("--max-body", default=256 * 1024, show_default=True, type=click.IntRange(1024, 64 * 1024 * 1024),
              help="Largest request body in bytes (POST /api/extract); larger ones get 413.")
@click.option("--timeout", "timeout_s", default=10.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds a query may run before it is stopped (answered 503).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each opens the store read-only).")
@click.option("--cache", default=2048, show_default=True, type=click.IntRange(0, 1_000_000),
              help="Answers kept per process for a DuckDB store (it cannot change while served); 0: none.")
def serve(db: str, host: str, port: int, token: str | None, max_body: int, timeout_s: float, workers: int,
          cache: int) -> None:
    """Serve the JSON API (OpenAPI docs at /docs) and the web interface (map, timeline, events) over DB.

    The store is opened read-only; nothing is fetched from the network. Bound to anything but loopback, every
    request needs the token (`Authorization: Bearer TOKEN`, or open the page once with `?token=TOKEN`)."""
    import uvicorn

    from rasd.web.app import create_app
    from rasd.web.db import StoreUnavailable

    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"rasd: bound to {host}, so requests need this token: {token}", err=True)
    try:
        app = create_app(db, token=token, max_body=max_body, timeout_s=timeout_s, cache=cache)
    except StoreUnavailable as exc:
        click.echo(f"rasd: {exc}", err=True)
        sys.exit(2)
    shown = f"[{host}]" if ":" in host else host
    suffix = f"/?token={token}" if token else "/"
    click.echo(f"rasd: serving {db} (read-only) on http://{shown}:{port}{suffix}  (API docs: /docs)", err=True)
    options = {"host": host, "port": port, "log_level": "warning", "timeout_keep_alive": 15,
               "limit_concurrency": 512, "server_header": False}
    if workers == 1:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    app.db.close()  # opened to check the store; each worker process opens its own
    os.environ.update({"RASD_SERVE_DB": db, "RASD_SERVE_MAX_BODY": str(max_body),
                       "RASD_SERVE_TIMEOUT": str(timeout_s), "RASD_SERVE_CACHE": str(cache)})
    if token:
        os.environ["RASD_SERVE_TOKEN"] = token
    uvicorn.run("rasd.web.app:app_from_env", factory=True, workers=workers, **options)  # type: ignore[arg-type]
