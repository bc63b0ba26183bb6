"""The offer's edit form (offers/edit.html): a version as form data, the action a button asks
for (save, check, file, upload, add or remove a row or an attachment), the form back as the
data of `services.save_draft` (blank rows dropped, partners found by NIP or name), and the
totals the page previews from what was typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from grants.offers import costs, queries, rules
from grants.offers import templates as offer_templates
from grants.offers.forms import ROW_KINDS, OfferForm

SIMPLE_VERBS = ("save", "check", "file", "upload")
_MONEY_DATES_FLAGS = offer_templates.MONEY_FIELDS + ("start_date", "end_date", "paid_activity",
                                              "unpaid_activity")


# ---------------------------------------------------------------- the version as a form

def form_data(version) -> dict:
    """The version as form data (money as Decimal, rows as dicts)."""
    data = {name: getattr(version, name) for name in offer_templates.TEXT_FIELDS}
    for name in _MONEY_DATES_FLAGS:
        data[name] = getattr(version, name)
    data["declarations"] = {k: bool((version.declarations or {}).get(k))
                            for k in rules.DECLARATION_KEYS}
    for kind in ("schedule", "results", "cost_items"):
        data[kind] = [{f: getattr(r, f) for f in offer_templates.ROW_SPECS[kind][1]}
                      for r in getattr(version, kind)]
    data["partners"] = [{"lookup": r.organisation.nip if r.organisation else "",
                         "actions": r.actions, "cost_share": r.cost_share}
                        for r in version.partners]
    return data


def fresh_form(version, competition) -> OfferForm:
    form = OfferForm(formdata=None, data=form_data(version))
    upload_choices(form, competition)
    return form


def upload_choices(form: OfferForm, competition) -> None:
    form.upload_kind.choices = [SelectChoice("", _("inny załącznik"))] + [
        SelectChoice(str(r.id), r.name + (" " + _("(wymagany)") if r.mandatory else ""))
        for r in competition.required_attachments]


# ---------------------------------------------------------------- the button pressed

@dataclass(frozen=True)
class EditAction:
    """What a button of the edit page asks for: `verb` save / check / file / upload / add /
    remove; `kind` and `index` the row table and row of add / remove; `attachment_id` the
    attachment to remove (with verb save)."""

    verb: str
    kind: str | None = None
    index: int | None = None
    attachment_id: int | None = None

    @property
    def removed_row(self) -> tuple[str, int] | None:
        if self.verb == "remove" and self.kind is not None and self.index is not None:
            return self.kind, self.index
        return None


def parse_action(action: str) -> EditAction:
    """"add:cost_items" / "remove:cost_items:2" / "remove_attachment:7" / "check" ... Anything
    else is a save."""
    if action.startswith("remove_attachment:"):
        return EditAction("save", attachment_id=_number(action.split(":", 1)[1]))
    parts = action.split(":")
    if len(parts) >= 2 and parts[0] in ("add", "remove") and parts[1] in ROW_KINDS:
        if parts[0] == "add":
            return EditAction("add", parts[1])
        index = _number(parts[2]) if len(parts) > 2 else None
        return EditAction("save") if index is None else EditAction("remove", parts[1], index)
    return EditAction(action if action in SIMPLE_VERBS else "save")


def _number(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def apply_row_change(form: OfferForm, action: EditAction) -> None:
    """Add or remove the row on a form that is shown again (nothing was saved)."""
    entries = form[action.kind].entries if action.kind else None
    if action.verb == "add":
        form[action.kind].append_entry()
    elif action.removed_row is not None and action.index < len(entries):
        entries.pop(action.index)


# ---------------------------------------------------------------- the form as service data

def resolve_partners(form: OfferForm) -> dict[int, int | None]:
    """Map each partner row index to a verified organisation id (errors on the lookup)."""
    resolved: dict[int, int | None] = {}
    for i, entry in enumerate(form.partners.entries):
        text = (entry.form.lookup.data or "").strip()
        if not text:
            resolved[i] = None
            continue
        found = queries.find_verified_organisations(text)
        if len(found) == 1:
            resolved[i] = found[0].id
        elif not found:
            entry.form.lookup.errors = list(entry.form.lookup.errors) + [
                _("Nie znaleziono zweryfikowanej organizacji o takim NIP lub nazwie.")]
        else:
            names = ", ".join(f"{o.name} (NIP {o.nip})" for o in found[:5])
            entry.form.lookup.errors = list(entry.form.lookup.errors) + [
                _("Pasuje kilka organizacji: %(names)s. Wpisz NIP.", names=names)]
    return resolved


def is_blank_row(kind: str, entry) -> bool:
    """Nothing typed in the row (the section and action number of a cost row do not count)."""
    ignore = {"section", "action_no"} if kind == "cost_items" else set()
    for f in entry.form:
        if f.short_name in ignore:
            continue
        if any(r.strip() for r in (f.raw_data or []) if isinstance(r, str)):
            return False
    return True


def _rows(form: OfferForm, kind: str, resolved: dict[int, int | None],
          removed: tuple[str, int] | None) -> tuple[list[dict], list[int]]:
    rows, indices = [], []
    for i, entry in enumerate(form[kind].entries):
        if removed == (kind, i) or is_blank_row(kind, entry):
            continue
        row = dict(entry.form.data)
        if kind == "partners":
            row = {"organisation_id": resolved.get(i), "actions": row["actions"],
                   "cost_share": row["cost_share"]}
        rows.append(row)
        indices.append(i)
    return rows, indices


def data_from_form(form: OfferForm, resolved: dict[int, int | None],
                   removed: tuple[str, int] | None) -> tuple[dict, dict[str, list[int]]]:
    """Service data from a valid form; blank rows and the `removed` row are dropped. Also
    returns, per kind, the form index of each data row (to put the service's messages back on
    the right field: core.forms.place_errors' `rows`)."""
    data: dict = {name: form[name].data for name in offer_templates.TEXT_FIELDS}
    for name in _MONEY_DATES_FLAGS:
        data[name] = form[name].data
    data["declarations"] = dict(form.declarations.data)
    index_map: dict[str, list[int]] = {}
    for kind in ROW_KINDS:
        data[kind], index_map[kind] = _rows(form, kind, resolved, removed)
    return data, index_map


def drop_removed_row(form: OfferForm, action: EditAction,
                     index_map: dict[str, list[int]]) -> dict[str, list[int]]:
    """The form as it is shown again when the service refuses a save that removes a row: the
    row is gone, and the rows after it move up in `index_map`."""
    removed = action.removed_row
    if removed is None or removed[1] >= len(form[removed[0]].entries):
        return index_map
    kind, index = removed
    form[kind].entries.pop(index)
    return {k: [j - 1 if (k == kind and j > index) else j for j in v]
            for k, v in index_map.items()}


# ---------------------------------------------------------------- the preview

def cost_preview(form) -> dict:
    """Codes, values, totals and shares computed from the cost rows and the sources a form
    holds (None as 0): the offer's edit form, and any form with the same fields (an update
    of the offer after the award)."""
    zero = Decimal("0")
    lines = [costs.CostLine(
        section=e.form.section.data if e.form.section.data in ("I", "II") else "I",
        action_no=e.form.action_no.data or 1, unit_cost=e.form.unit_cost.data or zero,
        units=e.form.units.data or zero, grant_part=e.form.grant_part.data or zero)
        for e in form.cost_items.entries]
    t = costs.totals(lines)
    src = costs.Sources(total=t.total, grant=t.grant,
                        own_financial=form.own_financial.data or zero,
                        own_personal=form.own_personal.data or zero,
                        own_in_kind=form.own_in_kind.data or zero,
                        beneficiaries_cash=form.beneficiaries_cash.data or zero)
    return {"codes": costs.item_codes(lines), "values": [ln.value for ln in lines],
            "totals": t, "sources": src, "shares": src.shares()}


def preview(form: OfferForm) -> dict:
    """`cost_preview` and the split of the costs between the joint offerors."""
    zero = Decimal("0")
    out = cost_preview(form)
    partners_sum = (form.lead_cost_share.data or zero) + sum(
        ((e.form.cost_share.data or zero) for e in form.partners.entries), zero)
    out.update(split_sum=partners_sum, split_diff=out["totals"].total - partners_sum)
    return out
