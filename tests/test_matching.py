"""Names that match an existing record: accents, case, punctuation and titles ignored."""

from types import SimpleNamespace

import pytest

from roundtable.matching import matching, name_key


@pytest.mark.parametrize(("a", "b"), [
    ("Raúl Benítez Manaut", "raul benitez manaut"),
    ("Dr. Raúl Benítez Manaut", "Raúl Benítez Manaut"),
    ("Mtro. Rafael Barceló Durazo", "RAFAEL BARCELO DURAZO"),
    ("Gen. Gregory M. Guillot", "General Gregory M Guillot"),
    ("University of Arizona", "  university of  arizona "),
])
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


def test_different_people_differ_and_a_lone_title_is_a_name():
    assert name_key("Raúl Benítez") != name_key("Raúl Benítez Manaut")
    assert name_key("Dr.") == "dr"


def test_matching_uses_every_name_of_a_record():
    ua = SimpleNamespace(name="University of Arizona", short_name="UA")
    other = SimpleNamespace(name="Arizona State University", short_name=None)
    names = lambda o: [o.name, o.short_name]  # noqa: E731
    assert matching([ua, other], "ua", names=names) == [ua]
    assert matching([ua, other], "UNIVERSITY OF ARIZONA", names=names) == [ua]
    assert matching([ua, other], "", names=names) == []
