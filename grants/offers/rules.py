"""The validation rules of an offer (2018 template) other than its costs: the descriptive texts,
the schedule (the task's dates: grants.procedures.rules.check_task_dates), the results, the
joint offerors' split, the kind of activity, the declarations and the attachments;
`check_offer` runs every rule, the costs' ones (grants.offers.costs) included. Pure: no
database, no Flask; amounts are Decimal, dates are datetime.date.

Every check_* function returns a list of `Problem` (field key + Polish message); an empty
list means the rule is satisfied. Field keys are the names of the form fields
("cost_items-2-grant_part", "start_date", "sources" ...) so that a view can put each message
next to the field it concerns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from grants.core.errors import Problem
from grants.core.i18n import N_, msg
from grants.offers.costs import (
    ZERO,
    CostLine,
    Sources,
    Totals,
    check_cost_items,
    check_cost_years,
    check_grant_amount,
    check_grant_share,
    check_own_contribution,
    check_sources,
    totals,
)
from grants.procedures.rules import check_task_dates

# VII. Declarations of the 2018 template (Dz.U. 2018 poz. 2057), all required.
DECLARATIONS: list[tuple[str, str]] = [
    ("statutory_scope", "Proponowane zadanie publiczne będzie realizowane wyłącznie w zakresie "
                        "działalności pożytku publicznego oferenta(-tów)."),
    ("fees_paid_activity", "Pobieranie świadczeń pieniężnych będzie się odbywać wyłącznie w "
                           "ramach prowadzonej odpłatnej działalności pożytku publicznego."),
    ("no_tax_arrears", "Oferent(-ci) składający niniejszą ofertę nie zalega(-ją) z opłacaniem "
                       "należności z tytułu zobowiązań podatkowych."),
    ("no_social_insurance_arrears", "Oferent(-ci) składający niniejszą ofertę nie zalega(-ją) "
                                    "z opłacaniem należności z tytułu składek na ubezpieczenia "
                                    "społeczne."),
    ("register_data_true", "Dane zawarte w części II niniejszej oferty są zgodne z Krajowym "
                           "Rejestrem Sądowym lub inną właściwą ewidencją."),
    ("information_true", "Wszystkie informacje podane w ofercie oraz załącznikach są zgodne z "
                         "aktualnym stanem prawnym i faktycznym."),
    ("data_protection", "W zakresie związanym z otwartym konkursem ofert, w tym z gromadzeniem, "
                        "przetwarzaniem i przekazywaniem danych osobowych, a także wprowadzaniem "
                        "ich do systemów informatycznych, osoby, których dotyczą te dane, złożyły "
                        "stosowne oświadczenia zgodnie z przepisami o ochronie danych osobowych."),
]
DECLARATION_KEYS = [k for k, _ in DECLARATIONS]



# ---------------------------------------------------------------- III. schedule and rows

@dataclass
class ScheduleLine:
    action: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: str = ""
    target_group: str = ""
    non_party: str = ""


def check_schedule(rows: Sequence[ScheduleLine], start: dt.date | None,
                   end: dt.date | None) -> list[Problem]:
    """At least one action; each named, with its dates, in order, inside the offer's dates."""
    problems = []
    if not rows:
        problems.append(Problem("schedule", N_("Harmonogram (III.4) musi mieć co najmniej jedno "
                                               "działanie.")))
    for i, row in enumerate(rows):
        key = f"schedule-{i}"
        label = msg("Harmonogram, działanie %(n)s", n=i + 1)
        if not row.action.strip():
            problems.append(Problem(f"{key}-action", msg("%(label)s: podaj nazwę działania.",
                                                         label=label)))
        if row.start_date is None:
            problems.append(Problem(f"{key}-start_date", msg("%(label)s: podaj datę "
                                                             "rozpoczęcia.", label=label)))
        if row.end_date is None:
            problems.append(Problem(f"{key}-end_date", msg("%(label)s: podaj datę "
                                                           "zakończenia.", label=label)))
        if row.start_date is None or row.end_date is None:
            continue
        if row.end_date < row.start_date:
            problems.append(Problem(f"{key}-end_date", msg("%(label)s: data zakończenia jest "
                                                           "wcześniejsza niż data rozpoczęcia.",
                                                           label=label)))
            continue
        if start is not None and row.start_date < start:
            problems.append(Problem(f"{key}-start_date",
                                    msg("%(label)s: rozpoczyna się %(day)s, przed "
                                        "rozpoczęciem zadania (%(start)s).", label=label,
                                        day=row.start_date, start=start)))
        if end is not None and row.end_date > end:
            problems.append(Problem(f"{key}-end_date",
                                    msg("%(label)s: kończy się %(day)s, po zakończeniu "
                                        "zadania (%(end)s).", label=label, day=row.end_date,
                                        end=end)))
    return problems


@dataclass
class ResultLine:
    name: str = ""
    target_value: str = ""
    monitoring: str = ""


RESULTS_MISSING = N_("Tabela rezultatów (III.6) musi mieć co najmniej jeden rezultat.")


def check_results(rows: Sequence[ResultLine], missing: str = RESULTS_MISSING,
                  monitoring: str = msg("sposób monitorowania i źródło informacji"),
                  ) -> list[Problem]:
    """At least one result (else `missing`); each with its name, target value and way of
    monitoring (`monitoring` names it in the message)."""
    problems = []
    if not rows:
        problems.append(Problem("results", missing))
    for i, row in enumerate(rows):
        for attr, text in (("name", N_("Rezultat %(n)s: podaj nazwę rezultatu.")),
                           ("target_value", N_("Rezultat %(n)s: podaj wartość docelową.")),
                           ("monitoring", N_("Rezultat %(n)s: podaj %(what)s."))):
            if not getattr(row, attr).strip():
                problems.append(Problem(f"results-{i}-{attr}", msg(text, n=i + 1,
                                                                   what=monitoring)))
    return problems


# ---------------------------------------------------------------- V.C joint offers

@dataclass
class PartnerLine:
    organisation_id: int | None
    cost_share: Decimal = ZERO
    name: str = ""


def check_joint_split(lead_organisation_id: int | None, lead_share: Decimal,
                      partners: Sequence[PartnerLine], total: Decimal) -> list[Problem]:
    """A joint offer: partners are other organisations, each once; the split of costs between
    all offerors (the lead and the partners) sums to the total cost to the grosz."""
    if not partners:
        return []
    problems = []
    seen: set[int] = set()
    for i, p in enumerate(partners):
        key = f"partners-{i}"
        if p.organisation_id is None:
            problems.append(Problem(f"{key}-lookup", msg("Oferent wspólny %(n)s: wskaż "
                                                         "organizację.", n=i + 2)))
        elif p.organisation_id == lead_organisation_id:
            problems.append(Problem(f"{key}-lookup", msg("Oferent wspólny %(n)s: to "
                                                         "organizacja składająca ofertę - wskaż "
                                                         "inną.", n=i + 2)))
        elif p.organisation_id in seen:
            problems.append(Problem(f"{key}-lookup", msg("Oferent wspólny %(n)s: organizacja "
                                                         "występuje w ofercie więcej niż raz.",
                                                         n=i + 2)))
        else:
            seen.add(p.organisation_id)
        if Decimal(p.cost_share) < 0:
            problems.append(Problem(f"{key}-cost_share", msg("Oferent wspólny %(n)s: kwota "
                                                             "nie może być ujemna.", n=i + 2)))
    if Decimal(lead_share) < 0:
        problems.append(Problem("lead_cost_share", N_("Kwota nie może być ujemna.")))
    split = Decimal(lead_share) + sum((Decimal(p.cost_share) for p in partners), ZERO)
    diff = Decimal(total) - split
    if diff != 0:
        text = (N_("Podział kosztów między oferentów (V.C) sumuje się do %(split)s, a "
                   "całkowity koszt zadania wynosi %(total)s: brakuje %(diff)s.") if diff > 0
                else N_("Podział kosztów między oferentów (V.C) sumuje się do %(split)s, a "
                        "całkowity koszt zadania wynosi %(total)s: jest o %(diff)s za dużo."))
        problems.append(Problem("lead_cost_share", msg(text, split=split,
                                                       total=Decimal(total), diff=abs(diff))))
    return problems


# ---------------------------------------------------------------- VI, VII, attachments

def check_activity(paid_activity: bool, unpaid_activity: bool, beneficiaries_cash: Decimal,
                   own_non_financial: Decimal, valuation: str) -> list[Problem]:
    """VI: the kind of activity is stated; fees from beneficiaries only in paid activity; how
    personal and in-kind contribution is valued is described when there is any."""
    problems = []
    if not paid_activity and not unpaid_activity:
        problems.append(Problem("unpaid_activity", N_("Wskaż, czy zadanie będzie realizowane w "
                                                      "ramach działalności nieodpłatnej, "
                                                      "odpłatnej, czy obu (VI.1).")))
    if Decimal(beneficiaries_cash) > 0 and not paid_activity:
        problems.append(Problem("beneficiaries_cash",
                                N_("Świadczenia pieniężne od odbiorców zadania można pobierać "
                                   "wyłącznie w ramach odpłatnej działalności pożytku publicznego "
                                   "- zaznacz ją w części VI albo usuń tę kwotę.")))
    if Decimal(own_non_financial) > 0 and not valuation.strip():
        problems.append(Problem("contribution_valuation",
                                N_("Opisz sposób wyceny wkładu osobowego i rzeczowego (VI).")))
    return problems


def check_declarations(declarations: Mapping[str, bool],
                       required: Sequence[tuple[str, str]] = DECLARATIONS) -> list[Problem]:
    """Every declaration `required` (of section VII) is confirmed."""
    return [Problem(f"declarations-{key}", msg("Złóż oświadczenie: %(text)s", text=text))
            for key, text in required if not declarations.get(key)]


@dataclass
class RequiredAttachmentTerm:
    id: int
    name: str
    mandatory: bool = True


def check_attachments(required: Sequence[RequiredAttachmentTerm],
                      present_ids: Iterable[int | None]) -> list[Problem]:
    """Each mandatory attachment of the call is attached."""
    present = set(present_ids)
    return [Problem(f"attachments-{r.id}", msg("Brak wymaganego załącznika: %(name)s.",
                                               name=r.name))
            for r in required if r.mandatory and r.id not in present]


REQUIRED_TEXTS = [
    ("title", N_("Podaj tytuł zadania publicznego (III.1).")),
    ("place", N_("Opisz miejsce realizacji zadania (III.3).")),
    ("target_group", N_("Opisz grupę docelową (III.3).")),
    ("need", N_("Opisz potrzebę, na którą odpowiada zadanie (III.3).")),
    ("expected_results", N_("Opisz zakładane rezultaty realizacji zadania (III.5).")),
    ("contact_name", N_("Podaj osobę upoważnioną do składania wyjaśnień dotyczących oferty "
                        "(II.2).")),
    ("previous_activity", N_("Opisz dotychczasową działalność oferenta w obszarze zadania "
                             "(IV.1).")),
    ("resources", N_("Opisz zasoby kadrowe, rzeczowe i finansowe oferenta (IV.2).")),
]


def check_required_texts(texts: Mapping[str, str],
                         required: Sequence[tuple[str, str]] = REQUIRED_TEXTS) -> list[Problem]:
    """The descriptive fields `required` (of sections II-IV) are filled in, and an e-mail or a
    phone of the contact person."""
    problems = [Problem(k, msg) for k, msg in required if not (texts.get(k) or "").strip()]
    if not (texts.get("contact_email") or "").strip() and not (
        texts.get("contact_phone") or ""
    ).strip():
        problems.append(Problem("contact_email", N_("Podaj e-mail lub telefon osoby upoważnionej "
                                                    "do składania wyjaśnień (II.2).")))
    return problems


# ---------------------------------------------------------------- the whole offer

@dataclass
class CallTerms:
    mode: str
    max_grant_pct: Decimal
    min_own_pct: Decimal
    min_grant: Decimal
    max_grant: Decimal
    task_start: dt.date
    task_end: dt.date
    required_attachments: list[RequiredAttachmentTerm] = field(default_factory=list)


@dataclass
class OfferData:
    texts: dict[str, str] = field(default_factory=dict)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    schedule: list[ScheduleLine] = field(default_factory=list)
    results: list[ResultLine] = field(default_factory=list)
    cost_items: list[CostLine] = field(default_factory=list)
    own_financial: Decimal = ZERO
    own_personal: Decimal = ZERO
    own_in_kind: Decimal = ZERO
    beneficiaries_cash: Decimal = ZERO
    lead_organisation_id: int | None = None
    lead_cost_share: Decimal = ZERO
    partners: list[PartnerLine] = field(default_factory=list)
    paid_activity: bool = False
    unpaid_activity: bool = True
    declarations: dict[str, bool] = field(default_factory=dict)
    attachment_ids: list[int | None] = field(default_factory=list)

    def totals(self) -> Totals:
        return totals(self.cost_items)

    def sources(self) -> Sources:
        t = self.totals()
        return Sources(total=t.total, grant=t.grant, own_financial=self.own_financial,
                       own_personal=self.own_personal, own_in_kind=self.own_in_kind,
                       beneficiaries_cash=self.beneficiaries_cash)


def check_offer(offer: OfferData, terms: CallTerms) -> list[Problem]:
    """Every rule; the offer may be filed when the list is empty."""
    t = offer.totals()
    src = offer.sources()
    problems: list[Problem] = []
    problems += check_required_texts(offer.texts)
    problems += check_task_dates(offer.start_date, offer.end_date,
                                 within=(terms.task_start, terms.task_end))
    problems += check_schedule(offer.schedule, offer.start_date, offer.end_date)
    problems += check_results(offer.results)
    cost_problems = check_cost_items(offer.cost_items)
    problems += cost_problems
    problems += check_cost_years(offer.cost_items, offer.start_date, offer.end_date)
    problems += check_sources(src)
    problems += check_grant_amount(t.grant, terms.min_grant, terms.max_grant)
    if t.total > 0:
        problems += check_grant_share(t.grant, t.total, terms.mode, terms.max_grant_pct)
        problems += check_own_contribution(src.own_total, t.total, terms.min_own_pct)
    problems += check_joint_split(offer.lead_organisation_id, offer.lead_cost_share,
                                  offer.partners, t.total)
    problems += check_activity(offer.paid_activity, offer.unpaid_activity,
                               offer.beneficiaries_cash, offer.own_personal + offer.own_in_kind,
                               offer.texts.get("contribution_valuation", ""))
    problems += check_declarations(offer.declarations)
    problems += check_attachments(terms.required_attachments, offer.attachment_ids)
    return problems
