"""OCR of PDF pages with the Tesseract CLI (Vietnamese model), as positioned text runs.

Why the CLI and not a binding: it is what Debian packages (tesseract-ocr,
tesseract-ocr-vie), it needs no compiler, and a stuck page can be killed by a
timeout. Tesseract's TSV output gives every word with its box, so the page is
handed to the same layout code as a digital PDF (`pdf_layout`): the two
columns of the header and of the closing come out column by column even
though Tesseract reads them as one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …").

Pages are rendered at 300 dpi in grayscale (Tesseract's sweet spot for body
text of 13-14 pt), lowered to no less than 150 dpi for oversized pages; a page
that would still exceed the `max_ocr_mpx` limit is refused instead of exhausting
memory, and so is a page holding a picture over `max_image_mpx` (pdfium decodes
the whole picture to render the page: 20 000 x 20 000 px is 400 MB and more).
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import pypdfium2.raw as pdfium_c
import regex
from PIL import Image

from .. import limits
from ..errors import LimitExceeded, OcrUnavailable
from .ocr_text import fix_ocr_text, repair_roman_sequence  # noqa: F401  (repair_roman_sequence re-exported)
from .pdf_layout import Seg

OCR_DPI = 300
MIN_OCR_DPI = 150
MAX_OCR_PIXELS = int(limits.DEFAULTS.max_ocr_mpx * 1_000_000)  # KHPARSE_MAX_OCR_MPX overrides it
MAX_IMAGE_PIXELS = int(limits.DEFAULTS.max_image_mpx * 1_000_000)  # KHPARSE_MAX_IMAGE_MPX overrides it
OCR_TIMEOUT = 120.0  # seconds per page
# Tesseract processes at once (each single-threaded). Two keeps both cores of a small
# machine busy on one document; a batch runner with one worker per core may set 1.
OCR_JOBS = 2
OCR_LANG = "vie"
# psm 4 ("a single column of text of variable sizes"): keeps header lines whole and
# reads the body line by line; the TSV boxes let the layout split the columns.
OCR_PSM = "4"
# Orientation detection output: "Rotate: 90", "Orientation confidence: 13.55".
OSD_ROTATE_RE = regex.compile(r"Rotate:\s*(\d+)")
OSD_CONF_RE = regex.compile(r"Orientation confidence:\s*([\d.]+)")
MIN_OSD_CONF = 2.0
# Words below this confidence that carry no letter or digit are scan specks.
MIN_SPECK_CONF = 40.0


class OcrFailed(Exception):
    """One page could not be recognised (timeout, crash); the reader warns and goes on."""


@lru_cache(maxsize=1)
def tesseract() -> str:
    """Path of a Tesseract able to read Vietnamese; OcrUnavailable otherwise."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(
            "OCR needed but tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
        )
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"OCR needed but tesseract does not run ({exc})") from None
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    if OCR_LANG not in langs:
        raise OcrUnavailable(
            "OCR needed but Tesseract has no Vietnamese model (apt-get install tesseract-ocr-vie)"
        )
    return exe


def ocr_dpi(width_pt: float, height_pt: float) -> int:
    """Render resolution for a page: 300 dpi, lower for big pages; LimitExceeded when even the floor is too big."""
    max_px = limits.get("max_ocr_mpx", MAX_OCR_PIXELS / 1_000_000) * 1_000_000
    for dpi in (OCR_DPI, 200, MIN_OCR_DPI):
        if not max_px or (width_pt * dpi / 72) * (height_pt * dpi / 72) <= max_px:
            return dpi
    px = int(width_pt * MIN_OCR_DPI / 72), int(height_pt * MIN_OCR_DPI / 72)
    raise LimitExceeded(
        f"page of {width_pt:.0f}x{height_pt:.0f} pt is too big to OCR "
        f"({px[0]}x{px[1]} px at {MIN_OCR_DPI} dpi; limit {max_px / 1_000_000:g} Mpx, {limits.env_name('max_ocr_mpx')})"
    )


def check_pictures(pdf, index: int) -> None:  # type: ignore[no-untyped-def]
    """Refuse a page whose pictures pdfium would have to decode into more than `max_image_mpx`
    (read from the image headers, nothing is decoded)."""
    max_px = limits.get("max_image_mpx", MAX_IMAGE_PIXELS / 1_000_000) * 1_000_000
    if not max_px:
        return
    page = pdf[index]
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            try:
                w, h = obj.get_px_size()
            except Exception:  # a picture pdfium cannot describe is not decoded either
                continue
            if w * h > max_px:
                raise LimitExceeded(
                    f"page {index + 1} holds a picture of {w}x{h} px ({w * h / 1_000_000:.0f} Mpx) to OCR; "
                    f"the limit is {max_px / 1_000_000:g} Mpx ({limits.env_name('max_image_mpx')})"
                )
    finally:
        page.close()


def render(pdf, index: int, dpi: int) -> Image.Image:  # type: ignore[no-untyped-def]
    """Page `index` of a pypdfium2 document as an 8-bit grayscale image."""
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def pgm(image: Image.Image) -> bytes:
    """PGM bytes: uncompressed, so cheaper to write than PNG; Tesseract reads it from stdin."""
    buf = io.BytesIO()
    image.save(buf, "PPM")
    return buf.getvalue()


def run_tesseract(image: bytes, dpi: int, *, psm: str = OCR_PSM, fmt: str | None = "tsv", timeout: float = OCR_TIMEOUT) -> str:
    """Output of Tesseract (TSV by default) for one image given on stdin (no shell, no temp files)."""
    cmd = [tesseract(), "stdin", "stdout", "--psm", psm, "--dpi", str(dpi)]
    if psm != "0":
        cmd[3:3] = ["-l", OCR_LANG]
    if fmt:
        cmd.append(fmt)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # threads make it ~6x slower on small machines
    try:
        out = subprocess.run(cmd, input=image, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OcrFailed(f"tesseract timed out after {timeout:.0f} s") from None
    except OSError as exc:
        raise OcrUnavailable(f"tesseract could not be started ({exc})") from None
    if out.returncode != 0:
        err = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"tesseract failed ({err[-1] if err else 'exit ' + str(out.returncode)})")
    return out.stdout.decode("utf-8", "replace")


def tsv_segments(tsv: str, scale: float, dx: float = 0.0, dy: float = 0.0) -> list[Seg]:
    """Words of a Tesseract TSV -> text runs in points: words of one OCR line, split where a wide gap opens."""
    lines: dict[tuple[str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            left, top, width, height = (float(c) for c in cells[6:10])
            conf = float(cells[10])
        except ValueError:
            continue
        if not text or (conf < MIN_SPECK_CONF and not any(ch.isalnum() for ch in text)):
            continue
        key = (cells[2], cells[3], cells[4])
        lines.setdefault(key, []).append(
            ((left + dx) * scale, (top + dy) * scale, (left + dx + width) * scale, (top + dy + height) * scale, text)
        )
    segs: list[Seg] = []
    for words in lines.values():
        words.sort()
        heights = sorted(w[3] - w[1] for w in words)
        h = heights[len(heights) // 2]
        run = [words[0]]
        for word in words[1:]:
            if word[0] - run[-1][2] > 1.2 * h:
                segs.append(_seg(run))
                run = []
            run.append(word)
        segs.append(_seg(run))
    return segs


def _seg(words: list[tuple[float, float, float, float, str]]) -> Seg:
    return Seg(
        fix_ocr_text(" ".join(w[4] for w in words)),
        min(w[0] for w in words),
        min(w[1] for w in words),
        max(w[2] for w in words),
        max(w[3] for w in words),
    )


@dataclass
class OcrPage:
    """A page read by OCR: its runs in points, and the image kept for re-reading regions."""

    segs: list[Seg]
    image: Image.Image
    dpi: int

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in points of the page as read (turned pages swap them)."""
        return self.image.width * 72 / self.dpi, self.image.height * 72 / self.dpi


def reorient(page: OcrPage) -> OcrPage | None:
    """Read a page again upright when Tesseract's orientation detection says it is turned.

    Sideways and upside-down scans give no text at all with the layout modes
    used for reading; orientation detection (psm 0) costs under a second and
    only runs on pages whose first reading was not Vietnamese.
    """
    try:
        osd = run_tesseract(pgm(page.image), page.dpi, psm="0", fmt=None)
    except OcrFailed:
        return None
    rotate = OSD_ROTATE_RE.search(osd)
    conf = OSD_CONF_RE.search(osd)
    if not rotate or not conf or int(rotate.group(1)) % 360 == 0 or float(conf.group(1)) < MIN_OSD_CONF:
        return None
    image = page.image.rotate(-int(rotate.group(1)), expand=True)
    return OcrPage(tsv_segments(run_tesseract(pgm(image), page.dpi), 72 / page.dpi), image, page.dpi)


def read_pages(pdf, pages: list[int], sizes: list[tuple[float, float]]) -> Iterator[tuple[int, OcrPage | str]]:  # type: ignore[no-untyped-def]
    """OCR pages in order: (page index, OcrPage or the reason it failed).

    Up to `OCR_JOBS` Tesseract processes run at once while the next page is
    rendered; pdfium is only called from this thread (it is not thread-safe),
    and at most OCR_JOBS + 1 page images are alive at a time.
    """
    with ThreadPoolExecutor(max_workers=OCR_JOBS) as pool:
        pending: deque = deque()
        for i in pages:
            dpi = ocr_dpi(*sizes[i])
            check_pictures(pdf, i)
            image = render(pdf, i, dpi)
            pending.append((i, image, dpi, pool.submit(run_tesseract, pgm(image), dpi)))
            while len(pending) >= OCR_JOBS:
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())


def _collect(i: int, image: Image.Image, dpi: int, future: Future) -> tuple[int, OcrPage | str]:
    try:
        return i, OcrPage(tsv_segments(future.result(), 72 / dpi), image, dpi)
    except OcrFailed as exc:
        return i, str(exc)


# White space between the regions stacked into one image for a re-read: about a line
# and a half at 300 dpi, so Tesseract never joins words of two regions into one line.
STACK_GAP_PX = 60


@dataclass(frozen=True)
class Region:
    """A rectangle of a kept page image (pixels) to read again on its own."""

    page: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def column_regions(page_no: int, page: OcrPage, top: float, bottom: float, gutter: float) -> list[Region]:
    """The two cells (left, right of the gutter) of a two-column band given in points.

    Read whole, Tesseract takes "Nơi nhận: - A;" and "CHỦ TỊCH" in different
    sizes as one line and misreads both; cell by cell each is a plain block.
    """
    k = page.dpi / 72
    y0 = max(0, int(top * k))
    y1 = min(page.image.height, int(bottom * k) + 1)
    xg = int(gutter * k)
    return [Region(page_no, (x0, y0, x1, y1)) for x0, x1 in ((0, xg), (xg, page.image.width))
            if x1 - x0 >= 8 and y1 - y0 >= 8]


def read_regions(pages: dict[int, OcrPage], regions: list[Region]) -> dict[Region, list[Seg]]:
    """Read regions again, stacked into as few images as possible: runs in page points per region.

    Tesseract's start-up (loading the Vietnamese model, ~0.1 s) costs as much
    as reading a header cell, so the cells of every band of every page go into
    one image per resolution (split over `OCR_JOBS` images when several
    Tesseracts may run), one below the other with white space between; each
    word goes back to the region its box lies in.
    """
    inked = {t: r for r in regions if (t := _trim(pages[r.page], r)) is not None}
    groups: dict[int, list[Region]] = {}
    for r in inked:
        groups.setdefault(pages[r.page].dpi, []).append(r)
    jobs: list[tuple[int, list[tuple[Region, int]], Image.Image]] = []
    for dpi, group in groups.items():
        for part in _balanced(group, OCR_JOBS):
            jobs.append((dpi, *_stack(pages, part)))
    out: dict[Region, list[Seg]] = {r: [] for r in regions}
    with ThreadPoolExecutor(max_workers=max(1, OCR_JOBS)) as pool:
        runs = [pool.submit(run_tesseract, pgm(image), dpi) for dpi, _, image in jobs]
        for (dpi, placed, _), run in zip(jobs, runs):
            tsv = run.result()
            for seg in tsv_segments(tsv, 1.0):
                middle = (seg.top + seg.bottom) / 2
                for region, y in placed:
                    x0, y0, x1, y1 = region.box
                    if y <= middle < y + (y1 - y0):
                        k = 72 / dpi
                        out[inked[region]].append(Seg(seg.text, (seg.x0 + x0) * k, (seg.top - y + y0) * k,
                                               (seg.x1 + x0) * k, (seg.bottom - y + y0) * k))
                        break
    return out


# Gray level under which a pixel is ink, and white kept around the ink of a trimmed region.
INK_LEVEL = 160
TRIM_MARGIN_PX = 12


def _trim(page: OcrPage, region: Region) -> Region | None:
    """The region cut down to its ink (plus a margin): Tesseract's time grows with the pixels
    it lays out, and a header cell is mostly white. None when the region holds no ink."""
    x0, y0, x1, y1 = region.box
    box = page.image.crop(region.box).point(lambda v: 255 if v < INK_LEVEL else 0).getbbox()
    if box is None:
        return None
    m = TRIM_MARGIN_PX
    return Region(region.page, (max(x0, x0 + box[0] - m), max(y0, y0 + box[1] - m),
                                min(x1, x0 + box[2] + m), min(y1, y0 + box[3] + m)))


def _balanced(regions: list[Region], n: int) -> list[list[Region]]:
    """Regions in at most `n` groups of similar area (largest first, each to the lightest group)."""
    parts: list[list[Region]] = [[] for _ in range(max(1, min(n, len(regions))))]
    loads = [0] * len(parts)
    for r in sorted(regions, key=lambda r: -(r.box[2] - r.box[0]) * (r.box[3] - r.box[1])):
        i = loads.index(min(loads))
        parts[i].append(r)
        loads[i] += (r.box[2] - r.box[0]) * (r.box[3] - r.box[1])
    return [sorted(p, key=lambda r: (r.page, r.box[1], r.box[0])) for p in parts if p]


def _stack(pages: dict[int, OcrPage], regions: list[Region]) -> tuple[list[tuple[Region, int]], Image.Image]:
    """One white image holding the regions one below the other; (region, its y) pairs."""
    width = max(r.box[2] - r.box[0] for r in regions)
    height = sum(r.box[3] - r.box[1] for r in regions) + STACK_GAP_PX * (len(regions) + 1)
    image = Image.new("L", (width, height), 255)
    placed, y = [], STACK_GAP_PX
    for r in regions:
        image.paste(pages[r.page].image.crop(r.box), (0, y))
        placed.append((r, y))
        y += r.box[3] - r.box[1] + STACK_GAP_PX
    return placed, image
