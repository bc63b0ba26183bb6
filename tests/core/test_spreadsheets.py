import pytest

from grants.core.spreadsheets import neutralise, safe_frame

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+48 123", "'+48 123"), ("-1", "'-1"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("Stowarzyszenie", "Stowarzyszenie"), (12, 12), (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_safe_frame_neutralises_keys_and_values():
    frame = safe_frame([{"=x": "=1+1", "ok": "tekst"}])
    assert list(frame.columns) == ["'=x", "ok"]
    assert frame.iloc[0].tolist() == ["'=1+1", "tekst"]
