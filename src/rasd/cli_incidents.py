"""The incident commands: `rasd fuse`, `rasd incidents`, `rasd incident ID` (registered on `rasd` by rasd.cli)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any

import click

from rasd.cli_errors import iso_date
from rasd.cli_store import db_option


def _open(db: str, *, write: bool = False) -> Any:
    from rasd.store import open_store

    if not db.startswith(("postgresql://", "postgres://")) and not os.path.exists(db):
        raise click.UsageError(f"--db {db}: no such store (run `rasd ingest ... --db {db}` first)")
    try:
        return open_store(db, create=False, read_only=not write)
    except Exception as e:  # an unreadable file, a refused connection: one line, no traceback
        raise click.UsageError(f"--db {db}: cannot open the store: {type(e).__name__}: {e}") from None


def _fig(c: dict[str, Any] | None) -> str:
    if not c:
        return ""
    if "low" in c:
        if c.get("low") is None:
            return ""
        return f"{c['best']} ({c['low']}-{c['high']})" if c["low"] != c["high"] else str(c["best"])
    lo, hi = c.get("min"), c.get("max")
    return str(lo) if hi == lo else (f"{lo}+" if hi is None else f"{lo}-{hi}")


@click.command("fuse")
@db_option
@click.option("--rebuild", is_flag=True, help="Recompute every incident from scratch (the same result).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def fuse_cmd(db: str, rebuild: bool, as_json: bool) -> None:
    """Fuse stored reports into incidents: reports not fused yet join an incident or start one.

    Re-running gives the same incidents; a killed run changes nothing (one transaction)."""
    from rasd.fuse import fuse_incidents

    store = _open(db, write=True)
    try:
        s = fuse_incidents(store, rebuild=rebuild)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(s.as_dict()))
    else:
        click.echo(f"fused {s.reports} reports: {s.incidents_new} new incidents, {s.incidents_written} written"
                   f"{' (rebuilt)' if s.rebuilt else ''} in {s.seconds:.1f} s")


IN_PASSING_HELP = ("Also the incidents every article tells only in passing (what the eventivity model set aside: a "
                   "claim, background, an aim), left out by default.")


@click.command("incidents")
@db_option
@click.option("--country", default=None, help="ISO 3166 alpha-2 code of the incident's place (SY, IQ ...).")
@click.option("--since", callback=iso_date, help="Incidents ending on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=iso_date, help="Incidents starting on or before this date (YYYY-MM-DD).")
@click.option("--type", "type_", default=None, help="PLOVER event type (ASSAULT, PROTEST ...).")
@click.option("--actor", default=None, help="Actor id, name or an outlet's words for a party (any case).")
@click.option("--limit", type=click.IntRange(1, None), default=50, show_default=True, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--in-passing", is_flag=True, help=IN_PASSING_HELP)
def incidents_cmd(db: str, country: str | None, since: dt.date | None, until: dt.date | None, type_: str | None,
                  actor: str | None, limit: int, fmt: str, in_passing: bool) -> None:
    """List incidents, newest first: one line each (table) or one JSON object each (jsonl)."""
    from rasd.fuse import count_incidents, list_incidents
    from rasd.store.incidents import NoIncidents

    store = _open(db)
    try:
        found = list_incidents(store, country=country, since=since, until=until, type=type_, actor=actor,
                               limit=limit, in_passing=in_passing)
        total = count_incidents(store, country=country, since=since, until=until, type=type_, actor=actor,
                                in_passing=in_passing)
        passing = 0 if in_passing else count_incidents(store, country=country, since=since, until=until,
                                                       type=type_, actor=actor, in_passing=True) - total
    except NoIncidents as e:
        raise click.UsageError(f"--db {db}: {e}") from None
    finally:
        store.close()
    if fmt == "jsonl":
        for inc in found:
            sys.stdout.write(json.dumps(inc.to_dict(), ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    title = f"{len(found)} of {total} incidents"
    if passing:
        title += f" ({passing} told only in passing left out: --in-passing)"
    t = Table(title=title, show_lines=False)
    for col in ("id", "type", "date", "place", "killed", "injured", "reports", "outlets", "contradictions"):
        t.add_column(col, overflow="fold")
    for inc in found:
        d = inc.date
        t.add_row(inc.id, inc.type, d.get("start") if d.get("start") == d.get("end") else
                  f"{d.get('start')}..{d.get('end')}", str(inc.place.get("name") or ""), _fig(inc.killed),
                  _fig(inc.injured), str(inc.n_reports), str(inc.n_outlets), str(len(inc.contradictions)))
    Console(width=None if sys.stdout.isatty() else 200).print(t)


@click.command("incident")
@click.argument("incident_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the incident record as JSON.")
def incident_cmd(incident_id: str, db: str, as_json: bool) -> None:
    """Show one incident with every outlet's claims side by side and the contradictions."""
    from rasd.fuse import get_incident
    from rasd.store.incidents import NoIncidents

    store = _open(db)
    try:
        inc = get_incident(store, incident_id)
    except NoIncidents as e:
        raise click.UsageError(f"--db {db}: {e}") from None
    finally:
        store.close()
    if inc is None:
        raise click.UsageError(f"incident {incident_id!r}: not in {db} (see `rasd incidents --db {db}`)")
    if as_json:
        click.echo(json.dumps(inc.to_dict(), ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    con = Console(width=None if sys.stdout.isatty() else 200)
    p, d = inc.place, inc.date
    con.print(f"[bold]{inc.id}[/bold]  {inc.type} {', '.join(inc.modes)}  {d.get('start')}..{d.get('end')}  "
              f"{p.get('name')} ({p.get('country')})  {inc.n_reports} reports, {inc.n_outlets} outlets")
    for key in ("killed", "injured"):
        c = getattr(inc, key)
        if c.get("low") is not None:
            con.print(f"{key}: low {c['low']}, best {c['best']}, high {c['high']} (best: {c['rule']})")
    for role in ("actors", "recipients"):
        for a in getattr(inc, role):
            words = "; ".join(f"{w['outlet']}: {w['text']}" for w in a["words"])
            con.print(f"{role[:-1]} {a['name'] or a['id']}: {words}")
    t = Table(title="claims by report", show_lines=True)
    for col in ("published", "outlet", "doc", "killed", "injured", "modality", "sources", "evidence"):
        t.add_column(col, overflow="fold")
    for r in inc.reports:
        t.add_row(str(r.get("published")), str(r.get("outlet")), r["doc_id"], _fig(r.get("killed")),
                  _fig(r.get("injured")), str(r.get("modality")), "، ".join(r.get("sources") or []),
                  (r.get("evidence") or [""])[0])
    con.print(t)
    if inc.contradictions:
        con.print("[bold]contradictions[/bold]")
        for c in inc.contradictions:
            con.print(f"- {c['what']}")
    else:
        con.print("no contradictions")


def export_incidents(db: str, fmt: str, out: str | None, in_passing: bool = False) -> None:
    """`rasd export --unit incident`: one JSON object / CSV row / ACLED row per incident."""
    from rich.console import Console

    from rasd.fuse import iter_incidents
    from rasd.fuse.exports import write_incidents
    from rasd.store.incidents import NoIncidents

    if fmt not in ("jsonl", "csv", "acled"):
        raise click.UsageError(f"--format {fmt} with --unit incident: use jsonl, csv or acled")

    store = _open(db)
    try:
        try:
            n = write_incidents(iter_incidents(store, in_passing), fmt, out or sys.stdout)
        except NoIncidents as e:
            raise click.UsageError(f"--db {db}: {e}") from None
        except OSError as e:
            raise click.BadParameter(f"{out}: {e.strerror}", param_hint="--out") from None
    finally:
        store.close()
    Console(stderr=True).print(f"exported {n} incidents as {fmt}" + (f" to {out}" if out else ""))
