"""What every rasd command shares about bad input and failures: one line on stderr, never a traceback."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from collections.abc import Mapping
from typing import Any

import click

DEBUG_ENV = "RASD_DEBUG"  # set to 1 to see the traceback of an unexpected error


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """The --published option of every command: an ISO date, or a usage error saying so."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def one_line(e: BaseException) -> str:
    """An exception as one line: rasd's own errors as they are, others with their type."""
    from rasd.errors import RasdError

    text = " ".join(str(e).split())
    return text if isinstance(e, RasdError) else f"{type(e).__name__}: {text}" if text else type(e).__name__


class SafeGroup(click.Group):
    """A command group whose commands never show a traceback: rasd's errors and the database's are one line on
    stderr and exit status 1 (RASD_DEBUG=1 shows the traceback of an unexpected one).

    `lazy_commands` ({name: "module:attribute"}) are commands imported only when named (or listed, for --help): a
    command's module, with what it imports (the store, the web server, Spark, the referee), costs start-up only to
    the commands that use it."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy_commands.get(cmd_name)
        if where is not None and cmd_name not in self.commands:
            module, _, attribute = where.partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        from rasd.errors import RasdError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("rasd: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into a command that stopped reading (head)
            sys.stderr.close()
            sys.exit(1)
        except RasdError as e:
            click.echo(f"rasd: error: {one_line(e)}", err=True)
            sys.exit(1)
        except Exception as e:
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(f"rasd: error: {one_line(e)[:500]} ({DEBUG_ENV}=1 shows where)", err=True)
            sys.exit(1)


def limit_options(fn: Any) -> Any:
    """--max-text-chars, --max-member-bytes, --max-archive-bytes and --max-html-bytes (rasd.config.Limits)."""
    from rasd.config import DEFAULT_LIMITS as D

    for name, default, what in (
        ("--max-html-bytes", D.html_bytes, "Largest HTML page or WARC record read."),
        ("--max-archive-bytes", D.archive_bytes, "Most bytes one zip or gzip archive may decompress to, in all."),
        ("--max-member-bytes", D.member_bytes,
         "Most bytes read whole: a file, an archive member, a JSON Lines line or a WARC record."),
        ("--max-text-chars", D.text_chars, "Longest article text, in characters; longer records are skipped."),
    ):
        fn = click.option(name, type=click.IntRange(1), default=default, show_default=True, help=what)(fn)
    return fn


def limits_of(max_text_chars: int, max_member_bytes: int, max_archive_bytes: int, max_html_bytes: int) -> Any:
    from rasd.config import Limits

    return Limits(text_chars=max_text_chars, member_bytes=max_member_bytes, archive_bytes=max_archive_bytes,
                  html_bytes=max_html_bytes)


def threshold_option(fn: Any) -> Any:
    """--threshold: the probability an event must reach to stay an event (rasd.config.Settings.eventivity_threshold)."""
    return click.option(
        "--threshold", type=click.FloatRange(0.0, 1.0), default=None,
        help="Keep an event only when the eventivity model gives it at least this probability (0-1); the rest are "
             "set aside. Default: the model's own, chosen by cross-validation. Higher: fewer events, more of them "
             "right (README, 'Choosing the operating point').")(fn)


def pipeline_for(threshold: float | None) -> Any:
    """The default pipeline, or one whose eventivity filter keeps what reaches `threshold`."""
    from rasd.config import Settings
    from rasd.pipeline import Pipeline, default_pipeline

    return default_pipeline() if threshold is None else Pipeline.from_settings(Settings(eventivity_threshold=threshold))
