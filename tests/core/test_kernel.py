"""The shared mechanisms of grants/core and grants/documents: frozen rows, the transaction of
a view's action, hooks, filing, uploads, the Polish text forms of amounts and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from flask import get_flashed_messages
from sqlalchemy import ForeignKey, MetaData, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from wtforms import StringField

from grants.core import actions
from grants.core.errors import Problem, ValidationFailed, refuse
from grants.core.formatting import day, pct, pln
from grants.core.forms import RowForm
from grants.core.frozen import Freeze, FrozenError, frozen
from grants.core.hooks import Hook
from grants.core.money import format_amount
from grants.documents.filing import canonical_json, content_sha256
from grants.documents.uploads import check_upload, clean_filename

D = Decimal


# ---------------------------------------------------------------- frozen rows

class _Base(DeclarativeBase):
    metadata = MetaData()


@frozen(Freeze(frozen_when=lambda row: row["state"] != "draft", mutable={"note"},
               transitions={"state": {("filed", "superseded")}}, children=("rows",),
               message="zamrożone"))
class _Doc(_Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    title: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(50), default="")
    pdf_id: Mapped[int | None] = mapped_column(ForeignKey("doc_file.id"))
    rows: Mapped[list[_Row]] = relationship(cascade="all, delete-orphan")
    pdf: Mapped[_File | None] = relationship()


class _File(_Base):
    __tablename__ = "doc_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), default="")


class _Row(_Base):
    __tablename__ = "doc_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("doc.id"))
    text: Mapped[str] = mapped_column(String(50), default="")


@pytest.fixture
def docs():
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    with Session(engine) as session:
        doc = _Doc(title="szkic", rows=[_Row(text="a")])
        session.add(doc)
        session.commit()
        yield session, doc
    engine.dispose()


def test_a_draft_changes_freely_and_is_frozen_in_the_flush_that_files_it(docs):
    session, doc = docs
    doc.rows.append(_Row(text="b"))
    doc.title, doc.state = "złożony", "filed"
    session.commit()
    assert doc.state == "filed" and len(doc.rows) == 2


@pytest.mark.parametrize("change", [
    lambda s, d: setattr(d, "title", "inny"),
    lambda s, d: setattr(d.rows[0], "text", "inny"),
    lambda s, d: d.rows.append(_Row(text="nowy")),
    lambda s, d: s.add(_Row(doc_id=d.id, text="obok")),
    lambda s, d: d.rows.remove(d.rows[0]),
    lambda s, d: s.delete(d),
    lambda s, d: setattr(d, "state", "draft"),
    lambda s, d: s.add(_Doc(state="filed")),
    lambda s, d: setattr(d, "pdf", _File(name="podmieniony.pdf")),
], ids=["column", "child row", "row added", "row added by key", "row removed", "deleted",
        "back to draft", "born frozen", "new related row"])
def test_a_frozen_row_refuses_every_change(docs, change):
    session, doc = docs
    doc.state = "filed"
    session.commit()
    change(session, doc)
    with pytest.raises(FrozenError, match="zamrożone"):
        session.flush()
    session.rollback()


def test_a_document_is_filed_with_its_new_pdf_in_one_flush(docs):
    session, doc = docs
    doc.state, doc.pdf = "filed", _File(name="oferta.pdf")
    session.commit()
    assert doc.pdf_id is not None


def test_a_frozen_row_allows_its_mutable_columns_and_transitions(docs):
    session, doc = docs
    doc.state = "filed"
    session.commit()
    doc.note, doc.state = "uwaga", "superseded"
    session.commit()
    assert (doc.note, doc.state) == ("uwaga", "superseded")


# ---------------------------------------------------------------- the action of a view

class _Form(RowForm):
    title = StringField()


def test_run_commits_flashes_and_redirects(app):
    with app.test_request_context(method="POST"):
        response = actions.run(lambda: 7, success=lambda n: f"zrobione {n}",
                               next=lambda n: f"/po/{n}")
        assert response.status_code == 302 and response.location == "/po/7"
        assert get_flashed_messages(with_categories=True) == [("success", "zrobione 7")]


def test_run_puts_a_refusal_on_the_form_and_rolls_back(app):
    def refuse_title():
        raise ValidationFailed("Nie zapisano.", field_errors={"title": ["Za długi."],
                                                              "other": ["Inny powód."]})

    with app.test_request_context(method="POST", data={"title": "x" * 10}):
        form = _Form(formdata=None)
        seen = actions.run(refuse_title, form=form, next="/", refused=lambda r: r)
    assert seen.status == 422
    assert seen.messages == ["Nie zapisano.", "Inny powód."]
    assert form.title.errors == ["Za długi."]


def test_run_without_a_page_to_render_flashes_the_refusal(app):
    def refused():
        raise ValidationFailed("Nie teraz.")

    with app.test_request_context(method="POST"):
        response = actions.run(refused, next="/dalej", refused_next="/wstecz")
        assert response.location == "/wstecz"
        assert get_flashed_messages(with_categories=True) == [("error", "Nie teraz.")]


def test_refuse_lists_problems_on_their_fields():
    refuse([], "nic")  # nothing to refuse
    with pytest.raises(ValidationFailed) as caught:
        refuse([Problem("a", "Pierwszy."), Problem("a", "Drugi.")], "Nie.", listed=True)
    assert caught.value.message == "Nie. Pierwszy. Drugi."
    assert caught.value.field_errors == {"a": ["Pierwszy.", "Drugi."]}


# ---------------------------------------------------------------- hooks

def test_a_hook_calls_its_provider_or_gives_its_default():
    hook = Hook("test", default=0)
    assert hook(1) == 0
    hook.provide(lambda n: n + 1)
    assert hook(1) == 2
    with pytest.raises(RuntimeError):
        hook.provide(lambda n: n)
    with pytest.raises(RuntimeError, match="no provider"):
        Hook("nobody")()


# ---------------------------------------------------------------- filing and uploads

def test_canonical_json_and_its_hash_do_not_depend_on_key_order():
    a = {"b": "zł", "a": [1, {"y": 2, "x": 1}]}
    b = {"a": [1, {"x": 1, "y": 2}], "b": "zł"}
    assert canonical_json(a) == canonical_json(b) == '{"a":[1,{"x":1,"y":2}],"b":"zł"}'.encode()
    assert content_sha256(a) == content_sha256(b) and len(content_sha256(a)) == 64


@pytest.mark.parametrize("name, clean", [
    ("C:\\Users\\x\\statut.pdf", "statut.pdf"), ("../../etc/passwd.pdf", "passwd.pdf"),
    ('ra"port<1>.pdf', "raport1.pdf"), ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
])
def test_file_names_are_cleaned(name, clean):
    assert clean_filename(name) == clean


def test_uploads_are_checked(app):
    assert check_upload("Statut.PDF", b"%PDF", allowed=("pdf",)) == "Statut.PDF"
    with pytest.raises(ValidationFailed) as caught:
        check_upload("wirus.exe", b"MZ", allowed=("pdf",), field="file")
    assert "file" in caught.value.field_errors and ".exe" in caught.value.message
    with pytest.raises(ValidationFailed):
        check_upload("pusty.pdf", b"", allowed=("pdf",))


# ---------------------------------------------------------------- text forms

@pytest.mark.parametrize("amount, pl, en", [
    (D("0"), "0,00", "0.00"), (D("1234.5"), "1\xa0234,50", "1,234.50"),
    (D("-1234567.005"), "-1\xa0234\xa0567,01", "-1,234,567.01"), (12, "12,00", "12.00"),
])
def test_format_amount(amount, pl, en):
    assert format_amount(amount) == pl and format_amount(amount, "en") == en


def test_one_text_form_for_documents_and_messages():
    assert pln(D("4000")) == "4\xa0000,00\xa0zł"
    assert pct(D("12.345")) == "12,35\xa0%"
    assert day(dt.date(2026, 12, 24)) == "24.12.2026"
    assert day(dt.datetime(2026, 12, 24, 23, 30, tzinfo=dt.UTC)) == "25.12.2026"
