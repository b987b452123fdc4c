"""Review pages in real headless Chromium: click a value, its span flashes; the index is in triage order.

One browser session for the whole module (started once, ~1.5 s). Screenshots
go to test-artifacts/ (gitignored) for a person to look at.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kh_testutil import ROOT, corpus_outputs
from parser.quality import quality_block
from parser.review import index_entry, write_index, write_page
from review_cdp import Browser, find_chromium

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def browser() -> Browser:
    if CHROMIUM is None:
        pytest.skip("chromium not installed (Debian package `chromium`; `make sysdeps` installs it)")
    b = Browser(CHROMIUM)
    yield b
    b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """The corpus through the pipeline (with its quality block), one page per document, and the index."""
    root = tmp_path_factory.mktemp("review")
    outputs = {}
    for name, out in corpus_outputs().items():
        out = dict(out, quality=quality_block(out))
        outputs[name] = out
        write_page(out, root / f"{name}.html", name=f"{name}.json")
    write_index([index_entry(o, href=f"{n}.html", name=f"{n}.json") for n, o in outputs.items()], root / "index.html")
    return root, outputs


def _richest(outputs: dict[str, dict]) -> str:
    """The document with the most cited legal bases whose first one has a dated citation."""
    cands = [n for n, o in outputs.items() if o["legal_basis"] and (o["legal_basis"][0].get("date") or {}).get("span")]
    return max(cands, key=lambda n: (len(outputs[n]["legal_basis"]), n))


def test_review_click_value_flashes_its_span(browser: Browser, site: tuple[Path, dict]) -> None:
    root, outputs = site
    name = _richest(outputs)
    out = outputs[name]
    browser.goto((root / f"{name}.html").as_uri())
    assert browser.requests() == [(root / f"{name}.html").as_uri()]  # nothing fetched but the page itself
    assert browser.js("document.characterSet") == "UTF-8"
    assert browser.js("document.getElementById('doc-text').textContent") == out["text"]
    assert browser.js("document.querySelector('h1').textContent").startswith(out["document"]["type_name"])

    # a citation in the values pane: a real mouse click on its headline
    head = "#group-legal_basis .item .head a"
    target = browser.js(f"document.querySelector('{head}').getAttribute('data-target')")
    browser.click_selector(head)
    state = browser.js(
        f"(function(){{var m=document.getElementById('{target}');var r=m.getBoundingClientRect();"
        "var pane=m.closest('.pane').getBoundingClientRect();"
        f"return {{cls:m.className,text:m.textContent,top:r.top,bottom:r.bottom,ptop:pane.top,pbottom:pane.bottom,"
        f"frags:[].map.call(document.querySelectorAll('mark[data-m=\"{target}\"]'),function(e){{return e.className}}),"
        f"card:document.getElementById('v-{target}').className,active:document.querySelectorAll('mark.active').length}};}})()"
    )
    assert "active" in state["cls"] and "flash" in state["cls"]
    assert all("active" in c for c in state["frags"]) and state["active"] == len(state["frags"])
    assert state["ptop"] <= state["top"] and state["bottom"] <= state["pbottom"] + 1  # scrolled into view
    assert "current" in state["card"]
    lb = out["legal_basis"][0]
    assert " ".join(state["text"].split()).startswith(" ".join(out["text"][lb["span"][0]:lb["span"][1]].split())[:40])
    browser.screenshot(ARTIFACTS / "review-page.png")

    # a date nested inside that citation: its own mark flashes, the citation's no longer does
    date_sel = f"#v-{target} tr.click[data-target]"
    inner = browser.js(f"document.querySelector('{date_sel}').getAttribute('data-target')")
    browser.click_selector(date_sel)
    inner_cls = browser.js(f"document.getElementById('{inner}').className")
    outer_cls = browser.js(f"document.getElementById('{target}').className")
    assert inner != target and "flash" in inner_cls and "active" not in outer_cls
    assert browser.js(f"document.getElementById('{inner}').closest('mark[data-m=\"{target}\"]') !== null")  # nested

    # and back: a click on a mark in the text selects its value card
    browser.click_selector(f"#{inner}")
    assert "current" in browser.js(f"document.getElementById('v-{inner}').className")
    browser.screenshot(ARTIFACTS / "review-page-nested.png")


def test_review_index_lists_corpus_doubtful_first(browser: Browser, site: tuple[Path, dict]) -> None:
    root, outputs = site
    browser.goto((root / "index.html").as_uri())
    rows = browser.js(
        "[].map.call(document.querySelectorAll('#index tbody tr'),function(r){"
        "return {name:r.getAttribute('data-name'),rank:r.getAttribute('data-rank'),level:r.className,"
        "text:r.innerText,visible:r.getBoundingClientRect().height>0};})"
    )
    expected = sorted(outputs, key=lambda n: (outputs[n]["quality"]["rank"], n))
    assert [r["name"] for r in rows] == [f"{n}.json" for n in expected]
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert all(r["visible"] for r in rows)
    first = outputs[expected[0]]
    assert rows[0]["level"] == f"lvl-{first['quality']['level']}"
    assert (first["document"]["title"] or "")[:30] in " ".join(rows[0]["text"].split())
    browser.screenshot(ARTIFACTS / "review-index.png")
    (ARTIFACTS / "review-index-order.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
