"""The PDF of an unsigned contract version, rendered once per content.

WeasyPrint takes about a second a contract; rendering on every request would let anyone with
access to a draft tie up the workers. The version's HTML (Jinja, milliseconds) is the draft's
canonical content: everything the PDF shows - the version, its rows, the parties' names, the
rules in force, the template itself - is in it. Its SHA-256 with the renderer's version is
the key; the bytes are kept in the database (every app server sees them, one row per version)
and served until the key changes. Flushes, never commits.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from grants.contracts import pdf as contract_pdf
from grants.contracts.models import ContractDraftPdf, ContractVersion
from grants.core import clock
from grants.documents import pdf as documents_pdf
from grants.extensions import db


def _renderer() -> str:
    try:
        weasyprint = package_version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover - WeasyPrint is a dependency
        weasyprint = "?"
    return f"weasyprint {weasyprint}; {documents_pdf.PDF_VARIANT}"


# a new WeasyPrint or PDF variant renders the same HTML differently: part of the key
RENDERER = _renderer()


def draft_html(version: ContractVersion) -> str:
    return contract_pdf.render_contract_html(**contract_pdf.context_for(version))


def content_key(html: str) -> str:
    return hashlib.sha256(f"{RENDERER}\n{html}".encode()).hexdigest()


def draft_pdf(version: ContractVersion) -> bytes:
    """The draft's PDF: the cached bytes when its content has not changed since they were
    rendered, otherwise rendered now and cached (replacing the version's earlier PDF)."""
    html = draft_html(version)
    key = content_key(html)
    row = db.session.scalar(select(ContractDraftPdf)
                            .where(ContractDraftPdf.version_id == version.id))
    if row is not None and row.content_key == key:
        return row.data
    data = documents_pdf.write_pdf(html)
    if row is not None:
        row.content_key, row.data, row.rendered_at = key, data, clock.now()
        db.session.flush()
        return data
    try:
        with db.session.begin_nested():
            db.session.add(ContractDraftPdf(version_id=version.id, content_key=key, data=data,
                                            rendered_at=clock.now()))
    except IntegrityError:
        pass  # another app server cached this version at the same instant: serve ours
    return data


def forget(version: ContractVersion) -> None:
    """Drop the version's cached draft: it is signed, its PDF is the one stored then."""
    db.session.execute(delete(ContractDraftPdf)
                       .where(ContractDraftPdf.version_id == version.id))
