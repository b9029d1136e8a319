"""Dates, times and numbers in the reader's language, written by Babel."""

from datetime import UTC, datetime
from types import SimpleNamespace

from roundtable import formatting
from roundtable.i18n import in_language, localized

EVENT = SimpleNamespace(
    starts_at=datetime(2024, 11, 21, 23, 0, tzinfo=UTC),
    ends_at=datetime(2024, 11, 22, 0, 30, tzinfo=UTC),
    timezone="America/Phoenix",
)


def test_spanish_date_line(app):
    with app.test_request_context(), in_language("es"):
        assert formatting.event_when(EVENT) == (
            "jueves, 21 de noviembre de 2024, 16:00–17:30 (MST, America/Phoenix)"
        )


def test_english_date_line_is_unchanged(app):
    with app.test_request_context(), in_language("en"):
        assert formatting.event_when(EVENT) == (
            "Thursday, November 21, 2024, 4:00 PM – 5:30 PM (MST, America/Phoenix)"
        )


def test_ranges_across_midnight_name_the_end_day(app):
    late = SimpleNamespace(**{**vars(EVENT), "ends_at": datetime(2024, 11, 22, 8, tzinfo=UTC)})
    with app.test_request_context(), in_language("es"):
        assert formatting.time_range(late.starts_at, late.ends_at, late.timezone) == (
            "16:00 – viernes, 22 de noviembre de 2024, 01:00"
        )


def test_numbers_follow_the_language(app):
    with app.test_request_context():
        with in_language("en"):
            assert formatting.number(100000) == "100,000"
        with in_language("es"):
            # Mexican Spanish groups thousands with a comma, like English.
            assert formatting.number(1234567) == "1,234,567"


def test_localized_prefers_the_reader_and_falls_back_to_the_other(app):
    both = SimpleNamespace(title="Roundtable", title_es="Mesa redonda")
    english_only = SimpleNamespace(title="Roundtable", title_es=None)
    spanish_only = SimpleNamespace(summary=None, summary_es="Solo en español")
    with app.test_request_context():
        with in_language("es"):
            assert localized(both, "title") == "Mesa redonda"
            assert localized(english_only, "title") == "Roundtable"
        with in_language("en"):
            assert localized(both, "title") == "Roundtable"
            assert localized(spanish_only, "summary") == "Solo en español"


def test_edition_label_in_both_languages(app):
    from roundtable.events.models import Event

    with app.test_request_context():
        with in_language("en"):
            assert Event(edition=3).edition_label == "3rd Annual"
            assert Event(edition=11).edition_label == "11th Annual"
        with in_language("es"):
            assert Event(edition=3).edition_label == "3.ª edición anual"
