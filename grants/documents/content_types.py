"""The content type of an uploaded file, from its bytes, never from what the client says.

The magic bytes are read by `filetype` (pure Python); a zip container (DOCX, XLSX, ODT, ODS)
is told apart by its directory (`[Content_Types].xml` and `word/` or `xl/`; the ODF
`mimetype` member), which no byte order of a producer can confuse. A file's extension must
agree with what its bytes are: "statut.pdf" holding HTML is refused.
"""

from __future__ import annotations

import io
import zipfile

import filetype

from grants.core.errors import ValidationFailed
from grants.core.i18n import N_, msg

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
KNOWN = frozenset(CONTENT_TYPES.values())
# what a person is told the bytes are
DESCRIPTIONS = {
    "application/pdf": N_("dokument PDF"),
    CONTENT_TYPES["odt"]: N_("dokument ODT"),
    CONTENT_TYPES["ods"]: N_("arkusz ODS"),
    CONTENT_TYPES["docx"]: N_("dokument DOCX"),
    CONTENT_TYPES["xlsx"]: N_("arkusz XLSX"),
    CONTENT_TYPES["doc"]: N_("dokument DOC"),
    CONTENT_TYPES["xls"]: N_("arkusz XLS"),
    "image/jpeg": N_("obraz JPEG"),
    "image/png": N_("obraz PNG"),
}
PDF_SEARCH = 1024  # readers accept a PDF header within the first kilobyte
ZIP_TYPES = {"application/zip"} | {t for t in KNOWN if "openxml" in t or "opendocument" in t}


def _zip_type(data: bytes) -> str | None:
    """A zip container's document type, from its directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 100:
                declared = zf.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in KNOWN else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return CONTENT_TYPES["docx"]
                if any(n.startswith("xl/") for n in names):
                    return CONTENT_TYPES["xlsx"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError):
        return None
    return None


def detect(data: bytes) -> str | None:
    """The content type the bytes show (one of KNOWN), or None for anything else."""
    guess = filetype.guess(data)
    mime = guess.mime if guess is not None else None
    if mime in ZIP_TYPES or (mime is None and data[:4] == b"PK\x03\x04"):
        return _zip_type(data)
    if mime is None and b"%PDF-" in data[:PDF_SEARCH]:
        return "application/pdf"
    return mime if mime in KNOWN else None


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def checked_type(name: str, data: bytes, *, field: str = "upload") -> str:
    """The content type of `data`, which the extension of `name` must announce;
    ValidationFailed (on `field`) when the bytes are something else."""
    ext = extension(name)
    expected = CONTENT_TYPES.get(ext)
    found = detect(data)
    if expected is not None and found == expected:
        return found
    message = msg("Zawartość pliku „%(name)s” nie odpowiada rozszerzeniu .%(ext)s (rozpoznano: "
                  "%(found)s). Zapisz plik ponownie w tym formacie albo wybierz właściwy plik.",
                  name=name, ext=ext or "?",
                  found=msg(DESCRIPTIONS.get(found or "", N_("nieznany rodzaj pliku"))))
    raise ValidationFailed(message, field_errors={field: [message]})
