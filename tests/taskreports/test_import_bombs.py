"""The report's documents import and a decompression bomb (issue 10): a 250 KB XLSX of 6
million shared strings held a worker for 140 s and 0.8 GB. It is refused with a clear
message (422) before openpyxl reads it, in well under a second."""

from __future__ import annotations

import io
import time

import pytest

from grants.core import spreadsheets
from grants.taskreports import imports
from tests.conftest import login
from tests.core.test_spreadsheets_guard import bomb, with_shared_strings
from tests.support.taskreports import documents_xlsx, filled_report
from tests.taskreports.test_views import _form_payload


@pytest.fixture
def no_openpyxl(monkeypatch):
    def reached(*_a, **_k):
        raise AssertionError("openpyxl was called on a file the bounds should refuse")

    monkeypatch.setattr(spreadsheets, "load_workbook", reached)


def test_the_bomb_is_refused_with_422_before_openpyxl(client, world, no_openpyxl):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    data = _form_payload(report)
    data["file"] = (io.BytesIO(bomb()), "dokumenty.xlsx")
    started = time.perf_counter()
    response = client.post(f"/sprawozdania/{report.id}/dokumenty/import", data=data,
                           content_type="multipart/form-data")
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Plik XLSX po rozpakowaniu jest zbyt duży" in page
    assert elapsed < 5  # about 0.1 s here; generous for a loaded 2-core machine


def test_the_parser_refuses_too_many_shared_strings(no_openpyxl, monkeypatch):
    monkeypatch.setattr(imports, "LIMITS", spreadsheets.SheetLimits(max_strings=1_000))
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(with_shared_strings(1_001))
    assert exc.value.errors[0].startswith("Arkusz zawiera zbyt wiele tekstów")


def test_the_parser_stops_reading_past_the_row_limit(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [[f"F/{i}", "01.03.2026", "X", 1, "I.1.1", 0, None] for i in range(200)]
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(documents_xlsx(rows))
    assert exc.value.errors == ["Plik ma więcej niż 3 wierszy dokumentów - podziel listę albo "
                                "skontaktuj się z urzędem."]
