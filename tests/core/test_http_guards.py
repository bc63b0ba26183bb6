"""Guards every route shares: oversized ids are 404, NUL characters never reach the database."""

from tests.conftest import login


def test_oversized_id_is_not_found(client, world):
    login(client, world.officer)
    assert client.get("/konkursy/99999999999999").status_code == 404
    assert client.get(f"/konkursy/{2**31}").status_code == 404


def test_nul_characters_are_dropped_from_input(client):
    r = client.post("/login", data={"email": "a\x00@example.org", "password": "x\x00"})
    assert r.status_code == 200
    assert "\x00" not in r.get_data(as_text=True)
