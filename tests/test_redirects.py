"""One safe-next function decides every redirect target taken from a request."""

import re

import pytest

from roundtable.redirects import is_local_path, safe_next
from tests.conftest import PASSWORD

EVIL = [
    "//evil.example.net/phish", "////evil.example.net/phish", "///evil.example.net",
    "\\\\evil.example.net", "/\\evil.example.net", "\\/evil.example.net",
    "/%2F%2Fevil.example.net", "%2F%2Fevil.example.net", "/%2f/evil.example.net",
    "/%252F%252Fevil.example.net", "/%5Cevil.example.net",
    "https://evil.example.net/", "http:evil.example.net", "javascript:alert(1)",
    "//evil.example.net", "/\t/evil.example.net", "/\n/evil.example.net", " //evil.example.net",
    "evil.example.net", "", "data:text/html,x",
]
GOOD = ["/manage/", "/series/x", "/manage/events/3/sponsors?tab=a", "/events/raúl#agenda"]


@pytest.mark.parametrize("target", EVIL)
def test_foreign_or_ambiguous_targets_are_refused(target):
    assert not is_local_path(target)


@pytest.mark.parametrize("target", GOOD)
def test_paths_on_this_site_are_followed(target):
    assert is_local_path(target)


def test_safe_next_reads_next_from_the_request(app):
    with app.test_request_context("/x?next=////evil.example.net/phish"):
        assert safe_next("/default") == "/default"
    with app.test_request_context("/x?next=/manage/"):
        assert safe_next("/default") == "/manage/"


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_off_site(client, make_user, target):
    make_user(email="organizer@example.org")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "organizer@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/manage/", target


@pytest.mark.parametrize("target", ["////evil.example.net/phish", "/\\evil.example.net"])
def test_already_signed_in_login_ignores_foreign_next(client, auth, make_user, target):
    make_user(email="organizer@example.org")
    auth.login()
    response = client.get("/login", query_string={"next": target})
    assert response.location == "/manage/"


@pytest.mark.parametrize("target", ["////evil.example.net/phish", "%2F%2Fevil.example.net"])
def test_shared_record_forms_ignore_foreign_next(client, auth, make_user, target):
    make_user(email="organizer@example.org")
    auth.login()
    response = client.post("/manage/organizations/new", query_string={"next": target},
                           data={"name": "Universidad de Sonora"})
    assert response.status_code == 302 and "evil" not in response.location


def test_every_redirect_target_goes_through_safe_next():
    """No module reads ?next= on its own."""
    from pathlib import Path

    import roundtable

    # Reading ?next= (request.args/form/values, .get or [...]), not writing a field named
    # next (the JSON API's pagination link in api/public.py).
    reads_next = re.compile(r"""(args|form|values)\s*(\.get\(|\[)\s*["']next["']""")
    root = Path(roundtable.__file__).parent
    assert reads_next.search((root / "redirects.py").read_text())  # the pattern still bites
    for path in root.rglob("*.py"):
        text = path.read_text()
        if path.name != "redirects.py":
            assert not reads_next.search(text) and "redirect(request" not in text, path
