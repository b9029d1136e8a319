"""Property-based: schemathesis generates requests from docs/openapi.json's operations.

On SQLite with the demo loaded, a bounded number of examples per operation; every
answer must be no 5xx and match the schema the document gives for its status.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.conftest import running_app
from tests.dbutil import own_instance_folder

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_app(app_config, monkeypatch, tmp_path):
    with running_app(app_config) as app:
        own_instance_folder(app, monkeypatch, tmp_path)
        app.test_cli_runner().invoke(args=["roundtable", "demo"])
        yield app


@pytest.fixture
def bearer(api_app):
    """A token of the demo organizer with every scope: the organizer API is exercised too."""
    from sqlalchemy import select

    from roundtable.api.models import SCOPES
    from roundtable.api.tokens import create_token
    from roundtable.auth.models import User
    from roundtable.extensions import db

    with api_app.app_context():
        user = db.session.scalar(select(User).order_by(User.id))
        _token, secret = create_token(user, "schemathesis", list(SCOPES), None)
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_no_server_error_and_every_answer_matches_its_schema(api_app, bearer):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    tested = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @EXAMPLES
        @given(case=operation.as_strategy())
        def examples(case):
            case.call_and_validate(checks=CHECKS, headers=bearer)

        examples()
        tested.append(operation.label)
    assert "GET /api/v1/events/{slug}" in tested


def test_every_demo_event_matches_the_detail_schema(api_app):
    from sqlalchemy import select

    from roundtable.events.models import Event
    from roundtable.extensions import db

    with api_app.app_context():
        slugs = list(db.session.scalars(select(Event.slug)))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    detail = schema["/api/v1/events/{slug}"]["GET"]
    for slug in slugs:
        for lang in ("en", "es"):
            case = detail.Case(path_parameters={"slug": slug}, query={"lang": lang})
            assert case.call_and_validate(checks=CHECKS).status_code == 200


def test_organizer_operations_on_a_real_event_and_registration(api_app, bearer):
    """The same checks with the path pointing at the demo's open edition and one of its
    registrations, so generated bodies reach the registration rules and are written."""
    from sqlalchemy import select

    from roundtable.events.models import Event
    from roundtable.extensions import db
    from roundtable.registration.models import Registration
    from roundtable.registration.services import register

    with api_app.app_context():
        event = db.session.scalar(select(Event).where(Event.edition == 4))
        registration = register(event, name="Dr. Raúl Benítez Manaut", email="rbm@example.org",
                                mode="in_person").registration
        db.session.commit()
        ids = {"event_id": event.id, "registration_id": registration.id}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    tested = []
    for found in schema.get_all_operations():
        operation = found.ok()
        if "{event_id}" not in operation.path:
            continue

        def aimed(case):
            case.path_parameters = {name: ids[name] for name in case.path_parameters or {}}
            return case

        @EXAMPLES
        @given(case=operation.as_strategy().map(aimed))
        def examples(case):
            case.call_and_validate(checks=CHECKS, headers=bearer)

        examples()
        tested.append(operation.label)
    assert len(tested) == 8, tested
    with api_app.app_context():
        # Generated registrations went through the rules: every one has a valid mode.
        modes = set(db.session.scalars(select(Registration.mode)))
        assert modes <= {"in_person", "online"}
