"""`khparse units TEXT`: the public bodies the unit lexicon finds in a text (for debugging rules)."""
from __future__ import annotations

import click


@click.command("units")
@click.argument("text")
def units_cmd(text: str) -> None:
    """Print each unit head found in TEXT with its offset."""
    from ..extract.units import head_re
    from ..text.fold import fold

    for m in head_re().finditer(fold(text)):
        click.echo(f"{m.start():5d}  {text[m.start():m.end()]}")
