"""Checks of a rendered PDF (real WeasyPrint bytes): every word lies on its page, the text of
every table cell is there, and the document is tagged for accessibility (PDF/UA: a structure
tree, MarkInfo /Marked true, the language, the title).

Wide content makes a cut column show: a word past the page's right edge keeps its box in the
content stream, so pdfplumber reports an x1 beyond the page's width."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pdfplumber
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

D = Decimal
# A long name without spaces (no line-breaking opportunity but the one CSS must give).
LONG = "Stowarzyszenieprzyjaciółdzieciimłodzieżyzagrożonychwykluczeniemspołecznym"
BIG = D("98765432.10")  # eight digits before the comma
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any white space (also the no-break spaces of amounts): how a cell's text is
    compared once the PDF has wrapped it over several lines."""
    return _SPACE.sub("", text.replace("\xa0", " ").replace("\u202f", " "))


def inspect(data: bytes) -> tuple[list[tuple[int, str, tuple]], list[str]]:
    """(page number, word, box) of every word whose box is not inside its page's box, and the
    squeezed text of every table cell (tables found by their borders). One pass: pdfplumber
    parses a page once for both."""
    off, cells = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for w in page.extract_words():
                if (w["x0"] < -0.5 or w["top"] < -0.5 or w["x1"] > page.width + 0.5
                        or w["bottom"] > page.height + 0.5):
                    off.append((number, w["text"], (w["x0"], w["top"], w["x1"], w["bottom"])))
            for table in page.extract_tables():
                cells.extend(squeeze(c) for row in table for c in row if c)
            page.flush_cache()
    return off, cells


def assert_fits(data: bytes, expected_cells: list[str]) -> None:
    """No word leaves the page and every expected cell text is whole in one table cell."""
    import os

    if os.environ.get("PDF_DUMP"):  # a folder to keep the PDFs in, to look at them
        from pathlib import Path

        n = len(list(Path(os.environ["PDF_DUMP"]).glob("*.pdf")))
        Path(os.environ["PDF_DUMP"], f"{n}.pdf").write_bytes(data)
    off, cells = inspect(data)
    assert not off, f"{len(off)} words off the page, e.g. {off[:5]}"
    missing = [e for e in expected_cells if not any(squeeze(e) in c for c in cells)]
    assert not missing, f"cells not found whole: {missing[:5]}"


def tagging(data: bytes) -> dict:
    """What the catalogue and the info dictionary say about accessibility."""
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    catalog = doc.catalog
    mark_info = resolve1(catalog.get("MarkInfo")) or {}
    info = resolve1(doc.info[0]) if doc.info else {}
    title = resolve1(info.get("Title", b""))
    if isinstance(title, bytes):
        title = (title[2:].decode("utf-16-be") if title.startswith(b"\xfe\xff")
                 else title.decode("latin-1"))
    return {"struct_tree": "StructTreeRoot" in catalog,
            "marked": resolve1(mark_info.get("Marked")) is True,
            "lang": resolve1(catalog.get("Lang")), "title": title}


def assert_tagged(data: bytes, title_part: str) -> None:
    t = tagging(data)
    assert t["struct_tree"] and t["marked"], t
    assert t["lang"] == b"pl", t
    assert title_part in t["title"], t
