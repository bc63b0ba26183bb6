"""Content types come from the bytes, not the client (issue 10): the stored and served type is
detected from the file's magic bytes, the extension must agree with it (a mismatch is refused
with a clear message), and files are served with `X-Content-Type-Options: nosniff` and as
attachments unless they are PDFs or images."""

from __future__ import annotations

import io

import pytest

from grants.core.errors import ValidationFailed
from grants.documents import content_types
from grants.documents.models import StoredFile
from grants.documents.serving import send_stored
from grants.documents.uploads import store_upload
from grants.extensions import db
from grants.offers import attachments as offer_attachments
from tests.support import files
from tests.support.offers import login_as, make_offer

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


@pytest.mark.pure
@pytest.mark.parametrize(("data", "expected"), [
    (files.PDF, PDF_TYPE),
    (b"\r\n\r\n" + files.PDF, PDF_TYPE),  # a few bytes before the header, as readers allow
    (files.PNG, "image/png"),
    (files.JPEG, "image/jpeg"),
    (files.docx(), DOCX_TYPE),
    (files.xlsx(), XLSX_TYPE),
    (files.odf("text"), ODT_TYPE),
    (files.odf("spreadsheet"), ODS_TYPE),
    (files.HTML, None),
    (b"MZ\x90\x00", None),
    (b"PK\x03\x04" + b"\0" * 40, None),
])
def test_the_type_is_detected_from_the_bytes(data, expected):
    assert content_types.detect(data) == expected


@pytest.mark.pure
@pytest.mark.parametrize(("name", "data"), [
    ("statut.pdf", files.PDF), ("zdjecie.JPG", files.JPEG), ("zdjecie.jpeg", files.JPEG),
    ("logo.png", files.PNG), ("wzor.docx", files.docx()), ("budzet.xlsx", files.xlsx()),
    ("opis.odt", files.odf("text")), ("budzet.ods", files.odf("spreadsheet")),
])
def test_a_file_whose_extension_agrees_is_accepted(name, data):
    assert content_types.checked_type(name, data) == content_types.CONTENT_TYPES[
        name.rsplit(".", 1)[1].lower()]


@pytest.mark.pure
@pytest.mark.parametrize(("name", "data", "detected"), [
    ("statut.pdf", files.HTML, "nieznany rodzaj pliku"),
    ("statut.pdf", files.PNG, "obraz PNG"),
    ("zdjecie.png", files.PDF, "dokument PDF"),
    ("wzor.docx", files.xlsx(), "arkusz XLSX"),
    ("budzet.ods", files.docx(), "dokument DOCX"),
    ("budzet.xlsx", b"PK\x03\x04" + b"\0" * 40, "nieznany rodzaj pliku"),
])
def test_an_extension_that_disagrees_with_the_bytes_is_refused(name, data, detected):
    with pytest.raises(ValidationFailed) as exc:
        content_types.checked_type(name, data, field="upload")
    message = str(exc.value.message)
    assert f"Zawartość pliku „{name}”" in message and detected in message
    assert exc.value.field_errors["upload"] == [exc.value.message]


def test_the_client_content_type_is_ignored(app, world):
    stored = store_upload("regulamin.pdf", files.PDF, actor=world.officer,
                          content_type="text/html")
    assert stored.content_type == PDF_TYPE
    with pytest.raises(ValidationFailed):
        store_upload("regulamin.pdf", files.HTML, actor=world.officer,
                     content_type="application/pdf")


def test_an_offer_attachment_gets_the_detected_type(world):
    offer = make_offer(world)
    att = offer_attachments.add_attachment(
        offer.versions[0], actor=world.ngo_admin, filename="statut.pdf", content_type="text/html",
        data=files.PDF, allowed_extensions=["pdf"])
    assert att.stored_file.content_type == PDF_TYPE
    with pytest.raises(ValidationFailed) as exc:
        offer_attachments.add_attachment(
            offer.versions[0], actor=world.ngo_admin, filename="statut.pdf",
            content_type="application/pdf", data=files.HTML, allowed_extensions=["pdf"])
    assert "nie odpowiada rozszerzeniu .pdf" in str(exc.value.message)


@pytest.mark.parametrize(("stored_type", "served", "attachment"), [
    (PDF_TYPE, PDF_TYPE, False),
    ("image/png", "image/png", False),
    (DOCX_TYPE, DOCX_TYPE, True),
    ("text/html", "application/octet-stream", True),   # a row stored before detection
    ("image/svg+xml", "application/octet-stream", True),
])
def test_served_with_nosniff_and_as_attachment_unless_pdf_or_image(app, stored_type, served,
                                                                   attachment):
    stored = StoredFile.from_bytes("plik.pdf", stored_type, b"<html>")
    with app.test_request_context():
        response = send_stored(stored, inline=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == served
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment" if attachment else "inline")


def test_the_offer_attachment_download_says_nosniff(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    att = offer_attachments.add_attachment(
        version, actor=world.ngo_admin, filename="statut.pdf", content_type="application/pdf",
        data=files.PDF, allowed_extensions=["pdf"])
    att.stored_file.content_type = "text/html"  # as a client could have set it before
    db.session.commit()
    login_as(client, world.ngo_admin)
    response = client.get(f"/offers/{offer.id}/attachments/{att.id}")
    assert response.status_code == 200 and response.data == files.PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_upload_through_the_offer_form_is_checked(world, client):
    from tests.support.offers import form_post

    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    data = form_post(offer.versions[0], action="upload")
    data["upload"] = (io.BytesIO(files.HTML), "statut.pdf")
    page = client.post(f"/offers/{offer.id}/edit", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "nie odpowiada rozszerzeniu .pdf" in page
    db.session.expire_all()
    assert offer.versions[0].attachments == []
