"""`khparse units TEXT [--nlp]`: the public bodies found in a text (for debugging rules).

Without `--nlp`, the unit lexicon's regex hits (what the extractors use);
with `--nlp`, the words underthesea makes of TEXT with their POS tags, the
`kh_unit` / `kh_comparator` spans of the spaCy rulers and the unit names
`text.nlp.find_units_nlp` reads from them (loads spaCy and underthesea, about
a second).
"""
from __future__ import annotations

import click


@click.command("units")
@click.argument("text")
@click.option("--nlp", "use_nlp", is_flag=True, help="Show words, POS tags and the spaCy rule spans.")
def units_cmd(text: str, use_nlp: bool) -> None:
    """Print each unit head found in TEXT with its offset."""
    from ..extract.units import head_re
    from ..text.fold import fold

    if not use_nlp:
        for m in head_re().finditer(fold(text)):
            click.echo(f"{m.start():5d}  {text[m.start():m.end()]}")
        return
    from ..text.nlp import COMPARATOR_KEY, UNIT_KEY, unit_spans
    from ..text.tokenize import doc_for

    doc = doc_for(text)
    click.echo("tokens:")
    for tok in doc:
        if not tok.is_space:
            click.echo(f"{tok.idx:5d}  {tok.text:<24s} {tok.tag_:<3s} {tok.pos_}")
    for key in (UNIT_KEY, COMPARATOR_KEY):
        click.echo(f"{key}:")
        for span in doc.spans.get(key, []):
            click.echo(f"{span.start_char:5d}  {span.text:<32s} {span.id_}")
    click.echo("units:")
    for span in unit_spans(doc):
        click.echo(f"{span.start_char:5d}  {span.text}")
