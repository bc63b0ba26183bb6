"""The verbs of contracts: generate a contract from an award or a small-grant offer, edit the
draft, record the signing (the PDF is stored then and never re-rendered), prepare and sign
annexes, record transfers, terminate.

Services flush, never commit; the caller commits once. Refusals are domain errors with Polish
messages (field errors named as in grants.contracts.rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import func, select
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from grants.awards.models import Award, AwardState
from grants.contracts import queries, rules
from grants.contracts.models import (
    Contract,
    ContractItem,
    ContractResult,
    ContractStatus,
    ContractTranche,
    ContractVersion,
    Payment,
    TrancheCondition,
)
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.core.notifications import queue_mail
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.taskreports.services import ensure_final_reports, final_report_due

ZERO = Decimal("0.00")
MAX_TEXT = 5000
DEFAULT_ITEM_TOLERANCE = Decimal("10.00")
DEFAULT_SHARE_TOLERANCE = Decimal("5.00")


# ---------------------------------------------------------------- errors

def _raise(problems: Sequence[rules.Problem], message: str) -> None:
    if not problems:
        return
    field_errors: dict[str, list[str]] = {}
    for p in problems:
        field_errors.setdefault(p.field, []).append(p.message)
    raise ValidationFailed(message, field_errors=field_errors)


# ---------------------------------------------------------------- the source

class Source:
    """What a contract copies from its source (an award of a competition or a small-grant
    offer in contracting)."""

    def __init__(self, *, organiser, organisation, title: str, purpose: str,
                 start: dt.date, end: dt.date, grant: Decimal, items: list[ItemRow],
                 results: list[tuple[str, str, str]], award: Award | None = None,
                 small_grant: SmallGrantOffer | None = None, competition=None,
                 offer_version=None, item_years: Mapping[str, int | None] | None = None):
        self.organiser, self.organisation = organiser, organisation
        self.title, self.purpose, self.start, self.end = title, purpose, start, end
        self.grant, self.items, self.results = grant, items, results
        self.award, self.small_grant = award, small_grant
        self.competition, self.offer_version = competition, offer_version
        self.item_years = dict(item_years or {})

    @property
    def total(self) -> Decimal:
        return sum((i.planned_total for i in self.items), ZERO)


def source_of(source: Award | SmallGrantOffer) -> Source:
    """The content the contract copies; refuses a source that cannot be contracted (yet)."""
    if isinstance(source, Award):
        return _award_source(source)
    if isinstance(source, SmallGrantOffer):
        return _small_grant_source(source)
    raise ValidationFailed(N_("Umowę można przygotować tylko z przyznanej dotacji lub oferty "
                              "w trybie pozakonkursowym."))


def _award_source(award: Award) -> Source:
    if award.state != AwardState.CONFIRMED or not award.final_grant or award.final_grant <= 0:
        raise InvalidTransition(N_("Umowę można przygotować tylko dla dotacji przyznanej "
                                   "decyzją (kwota większa od zera)."))
    offer = award.offer
    if award.needs_update:
        if award.update_version is None or award.update_filed_at is None:
            raise InvalidTransition(N_("Dotacja jest niższa od wnioskowanej: umowę można "
                                       "przygotować po złożeniu aktualizacji oferty."))
        version = award.update_version
    else:
        version = offer.filed_version
    if version is None:
        raise InvalidTransition(N_("Oferta nie ma złożonej wersji."))
    if version.start_date is None or version.end_date is None:
        raise ValidationFailed(N_("Oferta nie ma dat realizacji zadania."))
    items = [ItemRow(ci.code, ci.name, q(ci.value), q(ci.grant_part))
             for ci in version.cost_items]
    grant = q(award.final_grant)
    _check_item_sum(items, grant)
    purpose = (version.need or version.expected_results or "").strip()
    return Source(organiser=offer.competition.organiser, organisation=offer.organisation,
                  title=version.title or offer.competition.title, purpose=purpose,
                  start=version.start_date, end=version.end_date, grant=grant, items=items,
                  results=[(r.name, r.target_value, r.monitoring) for r in version.results
                           if (r.name or "").strip()],
                  award=award, competition=offer.competition, offer_version=version,
                  item_years={ci.code: ci.year for ci in version.cost_items})


def _small_grant_source(offer: SmallGrantOffer) -> Source:
    if offer.status != SmallGrantStatus.CONTRACTING:
        raise InvalidTransition(N_("Umowę można przygotować dla oferty skierowanej do "
                                   "przygotowania umowy."))
    if offer.start_date is None or offer.end_date is None:
        raise ValidationFailed(N_("Oferta nie ma dat realizacji zadania."))
    items = [ItemRow(str(pos), ci.name, q(ci.value), q(ci.grant_part))
             for pos, ci in enumerate(offer.cost_items, start=1)]
    grant = q(offer.grant_requested)
    _check_item_sum(items, grant)
    return Source(organiser=offer.organiser, organisation=offer.organisation,
                  title=offer.title, purpose=(offer.description or "").strip(),
                  start=offer.start_date, end=offer.end_date, grant=grant, items=items,
                  results=[(r.name, r.target_value, r.monitoring) for r in offer.results
                           if (r.name or "").strip()],
                  small_grant=offer)


def _check_item_sum(items: list[ItemRow], grant: Decimal) -> None:
    parts = sum((i.planned_grant for i in items), ZERO)
    if not items:
        raise ValidationFailed(N_("Oferta nie ma pozycji kosztorysu - nie można przygotować "
                                  "umowy."))
    if parts != grant:
        raise ValidationFailed(
            f"Części kosztów finansowane z dotacji w kosztorysie oferty sumują się do "
            f"{rules.pln(parts)}, a dotacja wynosi {rules.pln(grant)} (różnica "
            f"{rules.pln(grant - parts)}). Kosztorys musi odpowiadać dotacji co do grosza - "
            "potrzebna jest aktualizacja oferty.")


def next_number(organiser, year: int) -> str:
    """The first free <short_name>/D/<year>/<seq> of the organiser."""
    prefix = f"{organiser.short_name}/D/{year}/"
    count = db.session.scalar(select(func.count()).select_from(Contract).where(
        Contract.organiser_id == organiser.id, Contract.number.like(prefix + "%"))) or 0
    seq = count + 1
    while db.session.scalar(select(Contract.id).where(
            Contract.organiser_id == organiser.id,
            Contract.number == rules.default_number(organiser.short_name, year, seq))):
        seq += 1
    return rules.default_number(organiser.short_name, year, seq)


def defaults(source: Award | SmallGrantOffer) -> dict:
    """What the generation form proposes: the number, one tranche of the whole grant on the
    task's start, the use-by dates, the tolerances, both parties' representatives and the
    organisation's bank account."""
    src = source_of(source)
    return {
        "number": next_number(src.organiser, clock.today().year),
        "start_date": src.start, "end_date": src.end,
        "use_by": rules.default_use_by(src.start, src.end),
        "tranches": [TrancheRow(None, max(src.start, clock.today()), src.grant, "none")],
        "item_tolerance_pct": DEFAULT_ITEM_TOLERANCE,
        "share_tolerance_pp": DEFAULT_SHARE_TOLERANCE,
        "authority_representatives": src.organiser.authority or "",
        "organisation_representatives": "\n".join(
            f"{r.full_name} – {r.function}" for r in src.organisation.representatives),
        "bank_account": src.organisation.iban or "",
    }


# ---------------------------------------------------------------- validation of a version

def _clean_iban(text: str | None) -> tuple[str, list[rules.Problem]]:
    raw = (text or "").strip()
    if not raw:
        return "", [rules.Problem("bank_account", N_("Podaj numer rachunku bankowego."))]
    candidate = raw.replace(" ", "").upper()
    if candidate.isdigit() and len(candidate) == 26:
        candidate = "PL" + candidate
    try:
        return stdnum_iban.validate(candidate), []
    except StdnumError:
        return raw, [rules.Problem("bank_account", N_("Numer rachunku jest nieprawidłowy "
                                                      "(sprawdź cyfry kontrolne IBAN)."))]


def _text(data: Mapping, key: str, *, required: str | None = None,
          problems: list) -> str:
    value = (data.get(key) or "").strip()
    if required and not value:
        problems.append(rules.Problem(key, required))
    if len(value) > MAX_TEXT:
        problems.append(rules.Problem(key, N_("Tekst jest zbyt długi (najwyżej 5000 znaków).")))
    return value


def _validated(data: Mapping, *, base: Mapping, items: list[ItemRow], paid: Mapping[int, Decimal],
               existing: Sequence[int], message: str) -> dict:
    """Check every setting of a version at once and return them normalised. `base` holds the
    current values of what `data` leaves out (None)."""
    def pick(key):
        value = data.get(key)
        return base.get(key) if value is None else value

    problems: list[rules.Problem] = []
    start, end = pick("start_date"), pick("end_date")
    problems += rules.check_dates(start, end)
    use_by_map: dict[int, dt.date] = {}
    if not problems:
        given = dict(data.get("use_by") or {})
        defaults_ = rules.default_use_by(start, end)
        for year in rules.budget_years(start, end):
            use_by_map[year] = given.get(year) or (base.get("use_by") or {}).get(year) \
                or defaults_[year]
        problems += rules.check_use_by(start, end, use_by_map)
    item_pct, share_pp = pick("item_tolerance_pct"), pick("share_tolerance_pp")
    problems += rules.check_tolerances(item_pct, share_pp)
    bank, bank_problems = _clean_iban(pick("bank_account"))
    problems += bank_problems
    merged = {k: pick(k) for k in ("authority_representatives",
                                   "organisation_representatives")}
    authority = _text(merged, "authority_representatives", problems=problems,
                      required=N_("Podaj osoby reprezentujące organ."))
    organisation = _text(merged, "organisation_representatives", problems=problems,
                         required=N_("Podaj osoby reprezentujące organizację."))
    paid_total = sum(paid.values(), ZERO)
    item_problems = rules.check_items(items, paid_total)
    problems += item_problems
    grant = sum((i.planned_grant or ZERO for i in items), ZERO)
    tranches = list(pick("tranches") or [])
    if not item_problems:
        problems += rules.check_tranches(tranches, grant, paid=paid, existing=existing)
    _raise(problems, message)
    numbered = rules.number_tranches(tranches, existing)
    years = []
    if len(use_by_map) > 1:
        years = [{"year": y, "use_by": d.isoformat(),
                  "report_due": final_report_due(min(end, dt.date(y, 12, 31))).isoformat()}
                 for y, d in sorted(use_by_map.items())]
    return {"start_date": start, "end_date": end, "use_by": use_by_map[end.year],
            "years": years, "report_due": final_report_due(end), "grant_total": grant,
            "total_cost": sum((i.planned_total for i in items), ZERO),
            "item_tolerance_pct": q(item_pct), "share_tolerance_pp": q(share_pp),
            "bank_account": bank, "authority_representatives": authority,
            "organisation_representatives": organisation, "tranches": numbered,
            "items": items}


def _write(version: ContractVersion, values: Mapping, *, item_years: Mapping | None = None) -> None:
    for key in ("start_date", "end_date", "use_by", "years", "report_due", "grant_total",
                "total_cost", "item_tolerance_pct", "share_tolerance_pp", "bank_account",
                "authority_representatives", "organisation_representatives"):
        setattr(version, key, values[key])
    old_items = {i.code: i for i in version.items}
    new_codes = [i.code for i in values["items"]]
    for code, item in old_items.items():
        if code not in new_codes:
            version.items.remove(item)
    for pos, row in enumerate(values["items"], start=1):
        item = old_items.get(row.code)
        if item is None:
            item = ContractItem(code=row.code, name=row.name,
                                year=(item_years or {}).get(row.code))
            version.items.append(item)
        item.position, item.planned_total, item.planned_grant = (
            pos, q(row.planned_total), q(row.planned_grant))
    old_tranches = {t.number: t for t in version.tranches}
    keep = {r.number for r in values["tranches"]}
    for number, tranche in old_tranches.items():
        if number not in keep:
            version.tranches.remove(tranche)
    db.session.flush()
    for row in values["tranches"]:
        tranche = old_tranches.get(row.number)
        if tranche is None:
            tranche = ContractTranche(number=row.number)
            version.tranches.append(tranche)
        tranche.due_on, tranche.amount = row.due_on, q(row.amount)
        tranche.condition, tranche.year = TrancheCondition(row.condition), row.due_on.year


def version_snapshot(version: ContractVersion) -> dict:
    """The version's content as plain values (for the audit trail and the annex diff)."""
    return {
        "number": version.number, "title": version.title,
        "start_date": version.start_date, "end_date": version.end_date,
        "use_by": version.use_by, "years": list(version.years or []),
        "report_due": version.report_due, "grant_total": version.grant_total,
        "total_cost": version.total_cost, "item_tolerance_pct": version.item_tolerance_pct,
        "share_tolerance_pp": version.share_tolerance_pp,
        "bank_account": version.bank_account,
        "authority_representatives": version.authority_representatives,
        "organisation_representatives": version.organisation_representatives,
        "items": [{"code": i.code, "name": i.name, "planned_total": i.planned_total,
                   "planned_grant": i.planned_grant} for i in version.items],
        "tranches": [{"number": t.number, "due_on": t.due_on, "amount": t.amount,
                      "condition": str(t.condition)} for t in version.tranches],
    }


def _use_by_of(version: ContractVersion) -> dict[int, dt.date]:
    if version.years:
        return {int(r["year"]): dt.date.fromisoformat(r["use_by"]) for r in version.years}
    return {version.end_date.year: version.use_by}


def _base_of(version: ContractVersion) -> dict:
    return {"start_date": version.start_date, "end_date": version.end_date,
            "use_by": _use_by_of(version), "item_tolerance_pct": version.item_tolerance_pct,
            "share_tolerance_pp": version.share_tolerance_pp,
            "bank_account": version.bank_account,
            "authority_representatives": version.authority_representatives,
            "organisation_representatives": version.organisation_representatives,
            "tranches": [TrancheRow(t.number, t.due_on, t.amount, str(t.condition))
                         for t in version.tranches]}


def _paid_by_tranche(contract: Contract | None) -> dict[int, Decimal]:
    paid: dict[int, Decimal] = {}
    for p in (contract.payments if contract is not None else []):
        paid[p.tranche_number] = paid.get(p.tranche_number, ZERO) + p.amount
    return paid


def _ensure_open(contract: Contract) -> None:
    if contract.status in (ContractStatus.TERMINATED, ContractStatus.CLOSED):
        raise InvalidTransition(N_("Umowa została rozwiązana lub rozliczona - nie można jej "
                                   "zmieniać."))


# ---------------------------------------------------------------- generation

def generate_contract(source: Award | SmallGrantOffer, *, actor, **data) -> Contract:
    """Generate the contract (version 0, a draft) from an award or a small-grant offer. `data`:
    number, start_date, end_date, use_by ({year: date}), tranches ([TrancheRow]),
    item_tolerance_pct, share_tolerance_pp, authority_representatives,
    organisation_representatives, bank_account; what is left out (None) takes the defaults."""
    src = source_of(source)
    existing = queries.contract_of_source(source)
    if existing is not None:
        raise InvalidTransition(f"Umowa dla tego źródła już istnieje ({existing.number}).")
    base = defaults(source)
    problems: list[rules.Problem] = []
    number = (data.get("number") or "").strip() or base["number"]
    if len(number) > 60:
        problems.append(rules.Problem("number", N_("Numer umowy jest zbyt długi.")))
    elif queries.number_taken(src.organiser.id, number):
        problems.append(rules.Problem("number", f"Numer {number} ma już inna umowa tego "
                                                "organizatora."))
    message = N_("Umowa nie została przygotowana - popraw zaznaczone pola.")
    try:
        values = _validated(data, base=base, items=src.items, paid={}, existing=(),
                            message=message)
    except ValidationFailed as exc:
        for p in problems:
            exc.field_errors.setdefault(p.field, []).append(p.message)
        raise
    _raise(problems, message)
    contract = Contract(organiser_id=src.organiser.id, organisation_id=src.organisation.id,
                        award_id=src.award.id if src.award else None,
                        small_grant_offer_id=src.small_grant.id if src.small_grant else None,
                        competition_id=src.competition.id if src.competition else None,
                        offer_version_id=src.offer_version.id if src.offer_version else None,
                        number=number, mode=rules.mode_for(values["grant_total"],
                                                           values["total_cost"]),
                        status=ContractStatus.DRAFT, created_by_id=actor.id)
    version = ContractVersion(number=0, title=src.title[:300], purpose=src.purpose,
                              created_by_id=actor.id)
    for pos, (name, target, monitoring) in enumerate(src.results, start=1):
        version.results.append(ContractResult(position=pos, name=name[:300],
                                              target_value=target or "",
                                              monitoring=monitoring or ""))
    contract.versions.append(version)
    _write(version, values, item_years=src.item_years)
    db.session.add(contract)
    db.session.flush()
    audit.record(actor, "contract.generated", contract, after={
        "number": contract.number, "mode": contract.mode,
        "source": f"award:{src.award.id}" if src.award else f"small_grant:{src.small_grant.id}",
        "version": version_snapshot(version)})
    return contract


def edit_version(version: ContractVersion, *, actor, **data) -> ContractVersion:
    """Edit a draft version: the original before signing (its number and settings; the
    budget comes from the offer) or an annex being prepared (dates, use-by dates, tranches,
    the budget items' planned totals and grant parts, the reason). `items` is a list of
    ItemRow by code (annexes only)."""
    contract = version.contract
    _ensure_open(contract)
    if version.is_signed:
        raise InvalidTransition(N_("Podpisanej wersji umowy nie można zmieniać - przygotuj "
                                   "aneks."))
    before = version_snapshot(version)
    problems: list[rules.Problem] = []
    paid = _paid_by_tranche(contract)
    if version.is_annex:
        reason = _text(data, "reason", problems=problems,
                       required=N_("Podaj przyczynę zawarcia aneksu."))
        items = _items_from(version, data.get("items"))
        previous = contract.versions[version.number - 1]
        existing = sorted({t.number for v in contract.versions for t in v.tranches
                           if v.id != version.id} | set(paid))
    else:
        reason = ""
        items = [ItemRow(i.code, i.name, i.planned_total, i.planned_grant)
                 for i in version.items]
        previous = None
        existing = [t.number for t in version.tranches]
        number = (data.get("number") or "").strip() or contract.number
        if len(number) > 60:
            problems.append(rules.Problem("number", N_("Numer umowy jest zbyt długi.")))
        elif number != contract.number and queries.number_taken(contract.organiser_id, number):
            problems.append(rules.Problem("number", f"Numer {number} ma już inna umowa tego "
                                                    "organizatora."))
    message = N_("Zmiany nie zostały zapisane - popraw zaznaczone pola.")
    try:
        values = _validated(data, base=_base_of(version), items=items, paid=paid,
                            existing=existing, message=message)
    except ValidationFailed as exc:
        for p in problems:
            exc.field_errors.setdefault(p.field, []).append(p.message)
        raise
    _raise(problems, message)
    _write(version, values)
    if version.is_annex:
        version.reason = reason
    else:
        contract.number = number
    if not version.is_annex:
        contract.mode = rules.mode_for(version.grant_total, version.total_cost)
    db.session.flush()
    db.session.refresh(version)
    after = version_snapshot(version)
    if previous is not None:
        version.changes = rules.diff(version_snapshot(previous), after)
    audit.record(actor, "contract.version_edited", version, before=before,
                 after={**after, "reason": version.reason})
    return version


def _items_from(version: ContractVersion, rows) -> list[ItemRow]:
    """The annex's items: the given rows by code (unknown codes refused); the rest unchanged."""
    current = {i.code: i for i in version.items}
    if rows is None:
        return [ItemRow(i.code, i.name, i.planned_total, i.planned_grant) for i in version.items]
    given = {r.code: r for r in rows}
    unknown = [c for c in given if c not in current]
    if unknown:
        raise ValidationFailed(f"Nieznana pozycja kosztorysu: {', '.join(unknown)}.")
    return [ItemRow(code, item.name,
                    given[code].planned_total if code in given else item.planned_total,
                    given[code].planned_grant if code in given else item.planned_grant)
            for code, item in current.items()]


# ---------------------------------------------------------------- signing

def sign_version(version: ContractVersion, *, actor, signed_on: dt.date | None,
                 for_authority: str | None, for_organisation: str | None) -> ContractVersion:
    """Record the signing of the original (the contract becomes signed) or of an annex (it
    comes into force). The PDF of the signed version is stored and never re-rendered; the
    final report(s) are expected; the organisation is told by e-mail."""
    contract = version.contract
    _ensure_open(contract)
    if version.is_signed:
        raise InvalidTransition(N_("Ta wersja umowy jest już podpisana."))
    if version is not contract.current_version:
        raise InvalidTransition(N_("Podpisać można tylko najnowszą wersję umowy."))
    problems: list[rules.Problem] = []
    authority = (for_authority or "").strip()
    organisation = (for_organisation or "").strip()
    if not authority:
        problems.append(rules.Problem("for_authority", N_("Podaj, kto podpisał umowę w imieniu "
                                                          "organu.")))
    if not organisation:
        problems.append(rules.Problem("for_organisation", N_("Podaj, kto podpisał umowę w "
                                                             "imieniu organizacji.")))
    if len(authority) > MAX_TEXT or len(organisation) > MAX_TEXT:
        problems.append(rules.Problem("for_authority", N_("Tekst jest zbyt długi.")))
    created = clock.to_local(version.created_at).date()
    if signed_on is None:
        problems.append(rules.Problem("signed_on", N_("Podaj datę podpisania.")))
    elif signed_on > clock.today():
        problems.append(rules.Problem("signed_on", N_("Data podpisania nie może być z "
                                                      "przyszłości.")))
    elif signed_on < created:
        problems.append(rules.Problem("signed_on", f"Data podpisania nie może być wcześniejsza "
                                                   f"niż przygotowanie tej wersji umowy "
                                                   f"({created:%d.%m.%Y})."))
    elif version.is_annex and contract.signed_on and signed_on < contract.signed_on:
        problems.append(rules.Problem("signed_on", N_("Aneks nie może być podpisany przed "
                                                      "umową.")))
    if version.is_annex and not (version.reason or "").strip():
        problems.append(rules.Problem("reason", N_("Podaj przyczynę zawarcia aneksu.")))
    _raise(problems, N_("Podpisanie nie zostało zapisane - popraw zaznaczone pola."))
    version.signed_on = signed_on
    version.signed_for_authority = authority
    version.signed_for_organisation = organisation
    version.signed_recorded_by_id = actor.id
    if not version.is_annex:
        contract.status = ContractStatus.SIGNED
        contract.signed_on = signed_on
    db.session.flush()
    from grants.contracts import pdf

    content = pdf.render_contract_pdf(**pdf.context_for(version))
    name = contract.number.replace("/", "-").replace(" ", "_")
    suffix = f"-aneks-{version.number}" if version.is_annex else ""
    stored = StoredFile.from_bytes(f"umowa-{name}{suffix}.pdf", "application/pdf", content,
                                   created_by=actor)
    db.session.add(stored)
    version.pdf_file = stored
    db.session.flush()
    ensure_final_reports(contract, actor=actor)
    audit.record(actor, "contract.annex_signed" if version.is_annex else "contract.signed",
                 version, after={"contract_id": contract.id, "number": version.number,
                                 "signed_on": signed_on, "for_authority": authority,
                                 "for_organisation": organisation, "pdf_sha256": stored.sha256})
    subject = (f"Umowa {contract.number}: aneks nr {version.number} podpisany"
               if version.is_annex else f"Umowa {contract.number} podpisana")
    queue_mail(db.session, to=_organisation_addresses(contract), subject=subject,
               template="contract_signed", contract=contract, version=version)
    return version


def _organisation_addresses(contract: Contract) -> list[str]:
    return [a for a in [contract.organisation.email] if a]


# ---------------------------------------------------------------- annexes

def create_annex(contract: Contract, *, actor, reason: str | None) -> ContractVersion:
    """A new draft version (number n+1) copying the version in force; one unsigned annex at a
    time; none on a terminated or closed contract, nor before the contract is signed."""
    _ensure_open(contract)
    if contract.status != ContractStatus.SIGNED or contract.version_in_force is None:
        raise InvalidTransition(N_("Aneks można przygotować do podpisanej umowy; projekt "
                                   "umowy edytuje się bezpośrednio."))
    if not contract.current_version.is_signed:
        raise InvalidTransition(N_("Aneks jest już w przygotowaniu - podpisz go albo "
                                   "edytuj."))
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(N_("Podaj przyczynę zawarcia aneksu."),
                               field_errors={"reason": [N_("Podaj przyczynę zawarcia "
                                                           "aneksu.")]})
    if len(text) > MAX_TEXT:
        raise ValidationFailed(N_("Tekst jest zbyt długi (najwyżej 5000 znaków)."),
                               field_errors={"reason": [N_("Tekst jest zbyt długi.")]})
    base = contract.version_in_force
    annex = ContractVersion(
        number=contract.current_version.number + 1, title=base.title, purpose=base.purpose,
        start_date=base.start_date, end_date=base.end_date, use_by=base.use_by,
        years=list(base.years or []), report_due=base.report_due,
        grant_total=base.grant_total, total_cost=base.total_cost,
        item_tolerance_pct=base.item_tolerance_pct, share_tolerance_pp=base.share_tolerance_pp,
        bank_account=base.bank_account,
        authority_representatives=base.authority_representatives,
        organisation_representatives=base.organisation_representatives,
        changes=[], reason=text, created_by_id=actor.id)
    for i in base.items:
        annex.items.append(ContractItem(position=i.position, code=i.code, name=i.name,
                                        planned_total=i.planned_total,
                                        planned_grant=i.planned_grant, year=i.year))
    for r in base.results:
        annex.results.append(ContractResult(position=r.position, name=r.name,
                                            target_value=r.target_value,
                                            monitoring=r.monitoring))
    for t in base.tranches:
        annex.tranches.append(ContractTranche(number=t.number, due_on=t.due_on, amount=t.amount,
                                              year=t.year, condition=t.condition))
    contract.versions.append(annex)
    db.session.flush()
    audit.record(actor, "contract.annex_created", annex,
                 after={"contract_id": contract.id, "number": annex.number, "reason": text})
    return annex


# ---------------------------------------------------------------- payments

def record_payment(contract: Contract, *, actor, tranche_number: int | None,
                   paid_on: dt.date | None, amount: Decimal | None,
                   bank_reference: str | None, note: str | None = "") -> Payment:
    """A transfer of (a part of) a tranche of the version in force, recorded by finance."""
    contract = db.session.execute(select(Contract).where(Contract.id == contract.id)
                                  .with_for_update()).scalar_one()
    version = contract.version_in_force
    tranche = None
    if version is not None:
        tranche = next((t for t in version.tranches if t.number == tranche_number), None)
    if contract.status != ContractStatus.SIGNED or version is None:
        raise InvalidTransition(N_("Umowa nie jest podpisana lub nie jest już realizowana."))
    if tranche is None:
        raise ValidationFailed(N_("Wybierz transzę z harmonogramu."),
                               field_errors={"tranche_number": [N_("Wybierz transzę z "
                                                                   "harmonogramu.")]})
    blocker = queries.tranche_blocker(contract, tranche)
    if blocker is not None:
        raise InvalidTransition(blocker, field_errors={"tranche_number": [blocker]})
    left = rules.tranche_left(tranche.amount, queries.paid_on_tranche(contract, tranche.number))
    reference = (bank_reference or "").strip()
    problems = rules.check_payment(amount=amount, left=left, paid_on=paid_on,
                                   signed_on=contract.signed_on, today=clock.today(),
                                   bank_reference=reference)
    if len(reference) > 120:
        problems.append(rules.Problem("bank_reference", N_("Identyfikator jest zbyt długi.")))
    note_text = (note or "").strip()
    if len(note_text) > MAX_TEXT:
        problems.append(rules.Problem("note", N_("Tekst jest zbyt długi.")))
    _raise(problems, N_("Przelew nie został zapisany - popraw zaznaczone pola."))
    payment = Payment(contract_id=contract.id, tranche_number=tranche.number, paid_on=paid_on,
                      amount=q(amount), bank_reference=reference, note=note_text,
                      recorded_by_id=actor.id)
    contract.payments.append(payment)
    db.session.flush()
    audit.record(actor, "contract.payment_recorded", payment,
                 after=audit.snapshot(payment, ["contract_id", "tranche_number", "paid_on",
                                                "amount", "bank_reference", "note"]))
    return payment


# ---------------------------------------------------------------- termination

def terminate_contract(contract: Contract, *, actor, terminated_on: dt.date | None,
                       reason: str | None) -> Contract:
    """The officer terminates a signed contract (e.g. no final report after the call)."""
    if contract.status != ContractStatus.SIGNED:
        raise InvalidTransition(N_("Rozwiązać można tylko podpisaną, realizowaną umowę."))
    problems: list[rules.Problem] = []
    text = (reason or "").strip()
    if not text:
        problems.append(rules.Problem("reason", N_("Podaj przyczynę rozwiązania umowy.")))
    elif len(text) > MAX_TEXT:
        problems.append(rules.Problem("reason", N_("Tekst jest zbyt długi.")))
    if terminated_on is None:
        problems.append(rules.Problem("terminated_on", N_("Podaj datę rozwiązania umowy.")))
    elif terminated_on > clock.today():
        problems.append(rules.Problem("terminated_on", N_("Data rozwiązania nie może być z "
                                                          "przyszłości.")))
    elif contract.signed_on and terminated_on < contract.signed_on:
        problems.append(rules.Problem("terminated_on", N_("Data rozwiązania nie może być "
                                                          "wcześniejsza niż podpisanie "
                                                          "umowy.")))
    _raise(problems, N_("Umowa nie została rozwiązana - popraw zaznaczone pola."))
    contract.status = ContractStatus.TERMINATED
    contract.terminated_on = terminated_on
    contract.termination_reason = text
    db.session.flush()
    audit.record(actor, "contract.terminated", contract, before={"status": "signed"},
                 after={"status": "terminated", "terminated_on": terminated_on, "reason": text})
    queue_mail(db.session, to=_organisation_addresses(contract),
               subject=f"Umowa {contract.number}: rozwiązanie umowy",
               template="contract_terminated", contract=contract)
    return contract
