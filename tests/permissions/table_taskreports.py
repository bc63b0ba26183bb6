"""Routes of the task reports for the access table (merged into tests/permissions/table.py).

Objects (tests/permissions/objects_taskreports.py) belong to a signed, paid contract of
organiser A with organisation X. Whoever may see the contract (X's members, A's officer and
finance staff) sees its reports and the PDF of a filed version; everyone else gets 404
(existence hidden). Writing is for X's members (the staff who see the report get 403) - filing
is for X's administrators, refused inside the draft's form (taskreports/test_acting_for.py);
reviewing, calls and partial requests are for A's officer (X's members and finance get 403). POSTs without data are refused as input
(400/409/422) or redirect with a message.
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route

VIEWERS = [*NGO_X, "officer", "finance"]


def viewers(url, method="GET") -> Route:
    return Route(url=url, method=method,
                 expect={"anon": "login", **dict.fromkeys(VIEWERS, "ok")}, default=404)


def ngo_only(url, method="GET") -> Route:
    return Route(url=url, method=method,
                 expect={"anon": "login", **dict.fromkeys(NGO_X, "ok"), "officer": 403,
                         "finance": 403}, default=404)


def officer_only(url, method="GET") -> Route:
    return Route(url=url, method=method,
                 expect={"anon": "login", "officer": "ok", **dict.fromkeys(NGO_X, 403),
                         "finance": 403}, default=404)


ROUTES: dict[str, Route] = {
    # the list: anyone signed in; it holds only the reports of contracts they may see
    # (taskreports/test_lists.py)
    "taskreports.index": Route(lambda o: "/sprawozdania", expect={"anon": "login"},
                               default="ok"),
    "taskreports.show": viewers(lambda o: f"/sprawozdania/{o['tr_report']}"),
    "taskreports.version": viewers(lambda o: f"/sprawozdania/{o['tr_filed']}/wersje/1"),
    "taskreports.version_pdf": viewers(
        lambda o: f"/sprawozdania/{o['tr_filed']}/wersje/1/pdf"),
    "taskreports.documents_template": viewers(
        lambda o: f"/sprawozdania/{o['tr_report']}/dokumenty/wzor.xlsx"),
    "taskreports.for_contract": viewers(lambda o: f"/umowy/{o['tr_contract']}/sprawozdania"),
    "taskreports.start": ngo_only(lambda o: f"/sprawozdania/{o['tr_partial']}/rozpocznij",
                                  method="POST"),
    "taskreports.edit": ngo_only(lambda o: f"/sprawozdania/{o['tr_report']}/edycja"),
    "taskreports.import_documents": ngo_only(
        lambda o: f"/sprawozdania/{o['tr_report']}/dokumenty/import", method="POST"),
    "taskreports.review": officer_only(lambda o: f"/sprawozdania/{o['tr_filed']}/ocena",
                                       method="POST"),
    "taskreports.call": officer_only(lambda o: f"/sprawozdania/{o['tr_report']}/wezwanie",
                                     method="POST"),
    "taskreports.request_partial": officer_only(
        lambda o: f"/umowy/{o['tr_contract']}/sprawozdania/czesciowe"),
}
