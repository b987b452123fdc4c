"""Review pages without a browser: nesting of marks, escaping, self-containment, index order, CLI."""
from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kh_testutil import CORPUS, corpus_outputs
from parser.cli import cli
from parser.quality import quality_block
from parser.review import index_entry, render_index, render_page, write_review_dir
from parser.review.spans import Mark, MarkRegistry, render_marked_text
from parser.write import write_json


class Coverage(HTMLParser):
    """Rebuilds the text and, per character, the set of mark ids open around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.open: list[str] = []
        self.cover: list[frozenset[str]] = []
        self.first_ids: list[str] = []
        self.tags: list[str] = []
        self.errors = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "mark":
            self.open.append(a["data-m"])
            if "id" in a:
                self.first_ids.append(a["id"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            if not self.open:
                self.errors += 1
            else:
                self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.cover.extend([frozenset(self.open)] * len(data))


def check_render(text: str, spans: list[tuple[int, int]]) -> Coverage:
    reg = MarkRegistry(len(text))
    ids = [reg.add(list(s), "tasks", f"tasks[{i}]") for i, s in enumerate(spans)]
    html = render_marked_text(text, reg.marks)
    parser = Coverage()
    parser.feed(html)
    parser.close()
    assert parser.errors == 0 and parser.open == []
    assert "".join(parser.text) == text
    for mid, (start, end) in zip(ids, spans):
        if mid is None:
            continue
        covered = [i for i, s in enumerate(parser.cover) if mid in s]
        assert covered == list(range(start, end)), (mid, start, end)
    assert sorted(parser.first_ids) == sorted(m.id for m in reg.marks)  # one anchor per mark
    return parser


def test_review_nested_and_crossing_spans() -> None:
    text = "Căn cứ Kế hoạch số 102/KH-UBND ngày 24/3/2023 của UBND thành phố Hà Nội về tổ chức kỷ niệm"
    citation = (7, 71)
    number = (19, 30)
    date = (36, 45)
    crossing = (31, 79)  # starts inside the citation, ends after it
    parser = check_render(text, [citation, number, date, crossing, (0, len(text))])
    assert parser.tags.count("mark") > 5  # the crossing span was split into fragments


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="ab <>&\"'ệ\n", min_size=1, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=12),
)
def test_review_marks_always_nest_and_cover_exactly(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(a, b) for a, b in raw if 0 <= a < b <= len(text)]
    check_render(text, spans)


def test_review_bad_spans_are_counted_not_drawn() -> None:
    reg = MarkRegistry(10)
    assert reg.add([3, 3], "tasks", "a") is None and reg.add([5, 11], "tasks", "b") is None
    assert reg.add("3-5", "tasks", "c") is None and reg.add(None, "tasks", "d") is None
    assert reg.add([2, 4], "tasks", "e") == reg.add([2, 4], "tasks", "f")  # same span, same group: one mark
    assert reg.invalid == 3 and len(reg.marks) == 1


INJECTION = '<script>alert("x")</script><img src=x onerror="alert(1)"> & “Người tốt, việc tốt”'


def hostile_output() -> dict:
    out = copy.deepcopy(next(iter(corpus_outputs().values())))
    prefix = INJECTION + "\n"
    shift = len(prefix)

    def move(obj: object) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in ("span",) and isinstance(v, list) and len(v) == 2:
                    obj[k] = [v[0] + shift, v[1] + shift]
                elif k == "spans" and isinstance(v, dict):
                    obj[k] = {kk: [a + shift, b + shift] for kk, (a, b) in v.items()}
                elif k != "text":
                    move(v)
        elif isinstance(obj, list):
            for v in obj:
                move(v)

    move(out)
    out["text"] = prefix + out["text"]
    out["document"]["title"] = INJECTION
    out["issuer"]["name"] = '"><script>alert(2)</script>'
    out["warnings"].append({"code": "x<blink>", "message": INJECTION, "span": [0, len(INJECTION)]})
    return out


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_review_page_escapes_document_text_and_values() -> None:
    out = hostile_output()
    html = render_page(out)
    tags = Tags()
    tags.feed(html)
    assert tags.tags.count("script") == 1 and "img" not in tags.tags and "blink" not in tags.tags
    assert not any(name.startswith("on") for name, _ in tags.attrs)
    assert "&lt;script&gt;alert(&quot;x&quot;)" in html or "&lt;script&gt;alert(\"x\")" in html
    parser = Coverage()
    parser.feed(html[html.index('<div class="doc-text"'):html.index("</main>")])
    assert "".join(parser.text).startswith(out["text"])


def test_review_page_is_self_contained() -> None:
    html = render_page(next(iter(corpus_outputs().values())))
    head = html[: html.index("</head>")]
    assert head.index('<meta charset="utf-8">') < head.index("<title>")
    assert "Content-Security-Policy" in head and "default-src 'none'" in head
    assert not regex.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "@font-face" not in html and "url(" not in html


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.txt")))
def test_review_every_link_has_its_mark(name: str) -> None:
    out = corpus_outputs()[name]
    html = render_page(out)
    targets = set(regex.findall(r'data-target="(m\d+)"', html))
    anchors = set(regex.findall(r'<mark id="(m\d+)"', html))
    assert targets and targets == anchors
    text_html = html[html.index('<div class="doc-text"'):html.index("</main>")]
    parser = Coverage()
    parser.feed(text_html)
    assert parser.errors == 0 and "".join(parser.text).startswith(out["text"])
    spans = _all_spans(out)
    assert len(anchors) >= len({tuple(s) for s in spans}) * 0.5  # distinct groups may share spans


def _all_spans(obj: object) -> list[list[int]]:
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "span" and isinstance(v, list):
                found.append(v)
            elif k != "text":
                found += _all_spans(v)
    elif isinstance(obj, list):
        for v in obj:
            found += _all_spans(v)
    return found


def test_review_index_sorts_by_quality_and_lists_errors_first() -> None:
    outputs = corpus_outputs()
    entries = [index_entry(out, href=f"{n}.html", name=f"{n}.json") for n, out in outputs.items()]
    entries.append({"name": "hong.pdf", "error": "PDF bị hỏng <không đọc được>"})
    html = render_index(entries)
    names = regex.findall(r'<tr class="lvl-\w+" data-name="([^"]+)"', html)
    assert names[0] == "hong.pdf" and "&lt;không đọc được&gt;" in html
    ranks = [quality_block(outputs[n[:-5]])["rank"] for n in names[1:]]
    assert ranks == sorted(ranks) and len(names) == len(outputs) + 1


def test_review_dir_and_cli(tmp_path: Path) -> None:
    outputs = corpus_outputs()
    src = tmp_path / "out"
    for n, out in outputs.items():
        write_json(src / "2024" / f"{n}.json", out)
    write_json(src / "index.json", next(iter(outputs.values())))  # must not overwrite index.html
    runner = CliRunner()
    result = runner.invoke(cli, ["review", str(src), "-o", str(tmp_path / "review")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(tmp_path / "review").as_posix() for p in (tmp_path / "review").rglob("*.html"))
    assert pages == sorted([f"2024/{n}.html" for n in outputs] + ["index.html", "index_.html"])
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert 'href="2024/' in index and 'href="index_.html"' in index
    one = tmp_path / "one.html"
    assert runner.invoke(cli, ["review", str(src / "2024" / f"{next(iter(outputs))}.json"), "-o", str(one)]).exit_code == 0
    assert "KẾ HOẠCH" in one.read_text(encoding="utf-8")
    txt = sorted(CORPUS.glob("*.txt"))[0]
    assert runner.invoke(cli, ["review", str(txt), "-o", str(tmp_path / "fromtxt.html")]).exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    assert runner.invoke(cli, ["review", str(bad), "-o", str(tmp_path / "bad.html")]).exit_code == 1


def test_review_write_review_dir_returns_index(tmp_path: Path) -> None:
    out = next(iter(corpus_outputs().values()))
    path = write_review_dir([("a/b.json", out)], tmp_path)
    assert path == tmp_path / "index.html" and (tmp_path / "a" / "b.html").is_file()


def test_review_mark_region_rule() -> None:
    assert Mark("m1", 0, 10, "sections", "s", 0).region
    assert Mark("m2", 0, 5000, "tasks", "t", 1).region
    assert not Mark("m3", 0, 50, "quotas", "q", 2).region
