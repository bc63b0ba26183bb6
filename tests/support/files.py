"""Small real files of each allowed kind, for upload tests: the stored content type is
detected from the bytes (grants/documents/content_types.py), so a test's "PDF" must be one."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


PNG = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + _png_chunk(b"IEND", b""))


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 6, 12, 0, 0))  # the same bytes
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(info, body)
    return buf.getvalue()


def docx(text: str = "Regulamin") -> bytes:
    return _zip([
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.'
                                b'openxmlformats.org/package/2006/content-types"/>'),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>".encode()),
    ])


def odf(kind: str = "text") -> bytes:
    """An OpenDocument file: `kind` "text" (.odt) or "spreadsheet" (.ods)."""
    return _zip([("mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()),
                 ("content.xml", b"<office:document-content/>"),
                 ("META-INF/manifest.xml", b"<manifest/>")])


def xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def sized_pdf(size: int) -> bytes:
    """A PDF of exactly `size` bytes (padded with a comment)."""
    return PDF + b"%" + b"x" * max(size - len(PDF) - 2, 0) + b"\n"
