"""Reading an uploaded XLSX safely (grants/core/spreadsheets.py, issue 10): before openpyxl
sees a file, its zip members (how many, their names, their uncompressed sizes and
compression ratio) and its shared strings are bounded, and reading stops at the row limit.
A 250 KB file of 6 million shared strings (about 100 MB of XML) used to hold a worker for
minutes and most of a gigabyte."""

from __future__ import annotations

import io
import time
import zipfile
from functools import cache

import pytest
from openpyxl import Workbook

from grants.core import spreadsheets
from grants.core.spreadsheets import SheetLimits, SpreadsheetRefused, TooManyRows

pytestmark = pytest.mark.pure

SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"%s>'
SST_TYPE = (b'<Override PartName="/%s" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def workbook(rows=(("Numer", "Kwota"), ("FV/1", 10))) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_shared_strings(strings: int, *, part: str = "xl/sharedStrings.xml",
                        count_attribute: bool = False, base: bytes | None = None) -> bytes:
    """A real workbook whose shared-strings part (declared in [Content_Types].xml, as Excel
    does) holds `strings` identical tiny strings, written DEFLATED in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base or workbook())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", SST_TYPE % part.encode())
            zf.writestr(info.filename, body)
        with zf.open(part, "w") as f:
            f.write(SST % (b' count="%d"' % strings if count_attribute else b""))
            chunk = b"<si><t>a</t></si>" * 10_000
            for _ in range(strings // 10_000):
                f.write(chunk)
            f.write(b"<si><t>a</t></si>" * (strings % 10_000) + b"</sst>")
    return out.getvalue()


@cache
def bomb() -> bytes:
    """The file of the issue: 6 million shared strings, about 100 MB of XML in 250 KB."""
    return with_shared_strings(6_000_000)


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def refusal(data: bytes, limits: SheetLimits | None = None) -> str:
    with pytest.raises(SpreadsheetRefused) as exc:
        spreadsheets.read_xlsx_rows(data, limits or SheetLimits())
    return str(exc.value.message)


@pytest.fixture
def no_openpyxl(monkeypatch):
    """openpyxl must never be reached: the bounds refuse the file first."""
    def reached(*_a, **_k):
        raise AssertionError("openpyxl was called on a file the bounds should refuse")

    monkeypatch.setattr(spreadsheets, "load_workbook", reached)


def test_the_bomb_of_the_issue_is_small_and_refused_before_openpyxl(no_openpyxl):
    data = bomb()
    assert len(data) < 300 * 1024
    started = time.perf_counter()
    message = refusal(data)
    elapsed = time.perf_counter() - started
    assert "po rozpakowaniu" in message and "xl/sharedStrings.xml" in message
    assert elapsed < 5  # about 0.01 s: only the zip directory is read


def test_a_good_workbook_is_read_to_its_rows():
    assert spreadsheets.read_xlsx_rows(workbook(), SheetLimits()) == [("Numer", "Kwota"),
                                                                        ("FV/1", 10)]


def test_reading_stops_at_the_row_limit_without_reading_the_rest():
    rows = [("Numer", "Kwota")] + [(f"FV/{i}", i) for i in range(300)]
    with pytest.raises(TooManyRows) as exc:
        spreadsheets.read_xlsx_rows(workbook(rows), SheetLimits(max_rows=50))
    assert exc.value.limit == 50
    assert "więcej niż 50 wierszy" in str(exc.value.message)
    assert len(spreadsheets.read_xlsx_rows(workbook(rows), SheetLimits(max_rows=301))) == 301


def test_a_huge_claimed_dimension_does_not_make_rows_of_empty_cells():
    members = members_of(workbook())
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b'<dimension ref="A1:B2"',
                                                        b'<dimension ref="A1:XFD1048576"')
    rows = spreadsheets.read_xlsx_rows(zip_of(members), SheetLimits(max_columns=5))
    assert rows == [("Numer", "Kwota", None, None, None), ("FV/1", 10, None, None, None)]


def test_shared_strings_are_counted_from_the_count_attribute(no_openpyxl):
    data = with_shared_strings(1_000, count_attribute=True)
    message = refusal(data, SheetLimits(max_strings=999))
    assert "ponad 999" in message


def test_shared_strings_are_counted_by_streaming_in_a_part_of_any_name(no_openpyxl):
    """No count attribute, a part named as [Content_Types].xml says: the strings are counted
    as the XML is read, and the count stops at the limit, whatever is left of the part."""
    data = with_shared_strings(50_000, part="xl/strings.xml")
    started = time.perf_counter()
    message = refusal(data, SheetLimits(max_strings=1_000))
    assert "ponad 1000" in message or "ponad 1 000" in message
    assert time.perf_counter() - started < 5


def test_strings_under_the_limit_are_read():
    data = with_shared_strings(1_000, count_attribute=True)
    assert spreadsheets.read_xlsx_rows(data, SheetLimits(max_strings=1_000))


def test_a_member_bigger_than_the_limit_is_refused(no_openpyxl):
    message = refusal(workbook(), SheetLimits(max_member_bytes=5_000))
    assert "po rozpakowaniu" in message


def test_the_sum_of_members_is_bounded(no_openpyxl):
    message = refusal(workbook(), SheetLimits(max_total_bytes=10_000))
    assert "po rozpakowaniu" in message


def test_a_member_compressed_suspiciously_well_is_refused(no_openpyxl):
    members = members_of(workbook())
    members["xl/worksheets/sheet1.xml"] += b"<!--" + b" " * 3_000_000 + b"-->"
    message = refusal(zip_of(members))
    assert "skompresowana" in message


def test_too_many_members_are_refused(no_openpyxl):
    members = members_of(workbook())
    members.update({f"xl/media/image{i}.png": b"x" for i in range(200)})
    assert "zbyt wiele części" in refusal(zip_of(members))


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "xl\\..\\x.xml",
                                  "C:/x.xml", "x\x00.xml"])
def test_member_names_outside_the_archive_are_refused(no_openpyxl, name):
    members = members_of(workbook())
    members[name] = b"x"
    try:
        data = zip_of(members)
    except ValueError:  # zipfile itself refuses to write some of these names
        pytest.skip("zipfile writes no such name")
    assert "nie jest poprawny plik XLSX" in refusal(data)


@pytest.mark.parametrize("data", [
    b"", b"Numer;Kwota\n", b"%PDF-1.4", b"PK\x03\x04" + b"\0" * 100,
    zip_of({"readme.txt": b"hello"}),
    zip_of({"[Content_Types].xml": b"<Types/>"}),
])
def test_what_is_not_a_workbook_is_refused(no_openpyxl, data):
    assert "nie jest poprawny plik XLSX" in refusal(data)


def test_an_encrypted_member_is_refused(no_openpyxl):
    data = bytearray(workbook())
    # set the "encrypted" flag of every central directory entry
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 8] |= 0x01
        at = data.find(b"PK\x01\x02", at + 4)
    assert "nie jest poprawny plik XLSX" in refusal(bytes(data))


def test_an_entity_expansion_bomb_in_the_strings_is_refused(no_openpyxl):
    """"Billion laughs": a few hundred bytes of entities that expand to gigabytes."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    part = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "ha">{entities}]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<si><t>&l9;</t></si></sst>').encode()
    members = members_of(with_shared_strings(1))
    members["xl/sharedStrings.xml"] = part
    started = time.perf_counter()
    assert "nie jest poprawny plik XLSX" in refusal(zip_of(members))
    assert time.perf_counter() - started < 5
