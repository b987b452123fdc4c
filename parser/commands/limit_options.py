"""One click option per limit of `parser.limits`, generated from its table.

Why generated: `extract`, `batch` and `serve` take the same eight limits; a
hand-written copy per command would drift from the table (names, defaults,
environment variables). Each option reads the same KHPARSE_* variable as the
library (`envvar=`), so a flag and its variable always agree, and is checked
by `limits.parse_value`, so the CLI accepts exactly what the library accepts
(a bad value is click's usage error, exit 2). The chosen values reach the
worker processes through `limits.configure`, which writes the environment
they inherit.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from .. import limits
from ..errors import InvalidLimit

F = TypeVar("F", bound=Callable[..., Any])
META_KEY = "khparse.limits"  # ctx.meta[META_KEY]: the limits given on the command line or in the environment


def option_name(name: str) -> str:
    """`max_pages` -> `--max-pages`."""
    return "--" + name.replace("_", "-")


class LimitType(click.ParamType):
    """A number >= 0 as `limits.parse_value` reads it (0 = no limit)."""

    def __init__(self, limit: str) -> None:
        self.limit = limit
        self.name = limits.HELP[limit][0]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            return None  # a blank variable is unset, as `limits.get` reads it
        try:
            return limits.parse_value(self.limit, value)
        except InvalidLimit:
            self.fail(f"{str(value)!r} is not a number >= 0 (0 = no limit)", param, ctx)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None and param.name:
        ctx.meta.setdefault(META_KEY, {})[param.name] = value
    return value


def _default_text(name: str) -> str:
    value = getattr(limits.DEFAULTS, name)
    return f"{value:g}" if isinstance(value, float) else str(value)


def limit_options(*, helps: Mapping[str, str] | None = None) -> Callable[[F], F]:
    """Decorator: `--max-input-mb`, `--max-pages`, … `--timeout`, in the table's order.

    `helps` replaces an option's help text where a limit means more on one
    command (`--timeout` kills a batch worker, answers 504 in the service);
    "{default}" in it is the table's default.
    The values are not passed to the command function: it calls
    `configure_limits(ctx)` first.
    """
    helps = helps or {}

    def decorate(f: F) -> F:
        for name in reversed(limits.NAMES):
            text = helps.get(name, limits.HELP[name][1] + " (default {default}; 0 = no limit).").format(default=_default_text(name))
            f = click.option(
                option_name(name), name, type=LimitType(name), default=None, metavar=limits.HELP[name][0],
                envvar=limits.env_name(name), show_envvar=True, expose_value=False, callback=_remember, help=text,
            )(f)
        return f

    return decorate


def limit_value(ctx: click.Context, name: str) -> float | int:
    """One limit as the command will apply it (flag, else environment, else default), before configuring."""
    given: Mapping[str, float | int] = ctx.meta.get(META_KEY, {})
    return given[name] if name in given else limits.get(name)


def configure_limits(ctx: click.Context) -> limits.Limits:
    """Apply the limits given by flag or environment (`limits.configure`: this process and the
    workers it starts); returns the limits in force."""
    limits.configure(**ctx.meta.get(META_KEY, {}))
    return limits.current()
