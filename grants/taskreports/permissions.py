"""Who may see and act on the reports of a contract - built on grants.contracts.permissions
(the one place for the rules of everything hanging off a contract).

- Members of the contracted organisation write the reports: start a version (also the
  correction version), save the draft, import the documents - they also see their drafts.
- Filing a report is an act of the organisation: its administrators file it.
- Officers of the contract's organiser see filed versions, review them, ask for partial
  reports and record calls for a missing final report.
- Finance staff of the organiser see the filed versions, read only.
- Anybody else gets 404: a report's existence is not revealed.
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.contracts import permissions as contract_perms


def can_view_report(user, report) -> bool:
    return contract_perms.can_view_contract(user, report.contract)


def can_edit_report(user, report) -> bool:
    """Start a version, edit the draft, import documents: the organisation's members."""
    return contract_perms.is_party(user, report.contract)


def can_file_report(user, report) -> bool:
    """File the draft: an act of the organisation - its administrators."""
    return (contract_perms.is_party(user, report.contract)
            and report.contract.organisation_id in perms.organisation_ids(user,
                                                                          admin_only=True))


def can_download_pdf(user, report, version) -> bool:
    """The PDF of a filed version (a draft has none): whoever sees the report - the
    organisation, the organiser's officers and finance staff."""
    return version.content is not None and can_view_report(user, report)


def can_see_drafts(user, report) -> bool:
    """A draft is the organisation's working copy: only its members see it."""
    return contract_perms.is_party(user, report.contract)


def can_review(user, report) -> bool:
    """Accept, ask for corrections, record a call: the organiser's officers."""
    return contract_perms.is_officer(user, report.contract)


def can_request_partial(user, contract) -> bool:
    return contract_perms.is_officer(user, contract)


def can_list_reports(user, contract) -> bool:
    return contract_perms.can_view_contract(user, contract)
