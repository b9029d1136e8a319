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
    # No comma after the weekday; the zone by the name a Mexican reader knows, with
    # its offset (Arizona's relation to Mexico's clocks changes with U.S. summer time).
    with app.test_request_context(), in_language("es"):
        assert formatting.event_when(EVENT) == (
            "jueves 21 de noviembre de 2024, 16:00–17:30, hora de Arizona (UTC−7)"
        )


def test_english_date_line(app):
    with app.test_request_context(), in_language("en"):
        assert formatting.event_when(EVENT) == (
            "Thursday, November 21, 2024, 4:00 PM – 5:30 PM, Arizona time (MST)"
        )


def test_zone_names_in_both_languages(app):
    winter, summer = EVENT.starts_at, datetime(2025, 7, 10, 23, 0, tzinfo=UTC)
    expected = {
        # Our own names: CLDR's "Mountain Time" is an hour off for Arizona in summer,
        # and its "Central Time" for Mexico City is the U.S. zone with daylight saving.
        ("America/Phoenix", summer): ("Arizona time (MST)", "hora de Arizona (UTC−7)"),
        ("America/Mexico_City", summer): ("Central Mexico time (CST)",
                                          "hora del centro de México"),
        ("America/Denver", summer): ("Mountain Time (MDT)", "hora de la montaña (UTC−6)"),
        ("America/Chicago", winter): ("Central Time (CST)",
                                      "hora del centro de EE. UU. (UTC−6)"),
        ("America/Tijuana", summer): ("Pacific Time (PDT)", "hora del Pacífico"),
        # Babel's names for the rest of the world, the offset where no letters exist.
        ("Europe/Madrid", winter): ("Central European Time (CET)",
                                    "hora de Europa central (UTC+1)"),
        ("America/Bogota", winter): ("Colombia Time (UTC−5)", "hora de Colombia (UTC−5)"),
        ("Asia/Kolkata", winter): ("India Standard Time (IST)",
                                   "hora estándar de la India (UTC+5:30)"),
        ("UTC", winter): ("UTC", "hora UTC"),
    }
    with app.test_request_context():
        for (tz, when), (english, spanish) in expected.items():
            with in_language("en"):
                assert formatting.zone_label(when, tz) == english, tz
            with in_language("es"):
                assert formatting.zone_label(when, tz) == spanish, tz


def test_no_iana_name_or_comma_after_the_weekday_in_running_text(app):
    with app.test_request_context(), in_language("es"):
        line = formatting.event_when(EVENT)
        assert "America/" not in line and "jueves," not in line


def test_ranges_across_midnight_name_the_end_day(app):
    late = SimpleNamespace(**{**vars(EVENT), "ends_at": datetime(2024, 11, 22, 8, tzinfo=UTC)})
    with app.test_request_context(), in_language("es"):
        assert formatting.time_range(late.starts_at, late.ends_at, late.timezone) == (
            "16:00 – viernes 22 de noviembre de 2024, 01:00"
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
