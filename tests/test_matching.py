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


@pytest.mark.parametrize(("typed", "stored"), [
    ("Univ. of Arizona", "University of Arizona"),
    ("The University of Arizona", "University of Arizona"),
    ("U of Arizona", "University of Arizona"),
    ("Universidad de Arizona", "University of Arizona"),
    ("Univesity of Arizona", "University of Arizona"),  # a typo
    ("Tucson Cmte. on Foreign Relations", "Tucson Committee on Foreign Relations"),
])
def test_organizations_spelled_differently_are_offered(typed, stored):
    from roundtable.matching import organization_words, similar

    records = [SimpleNamespace(name=stored), SimpleNamespace(name="Arizona State University"),
               SimpleNamespace(name="Northern Arizona University")]
    found = similar(records, typed, names=lambda r: [r.name], words=organization_words)
    assert [r.name for r in found] == [stored]


@pytest.mark.parametrize(("typed", "stored"), [
    ("General Gregory Guillot", "Gen. Gregory M. Guillot"),
    ("Gregory Guillot", "Gen. Gregory M. Guillot"),
    ("Guadalupe Correa Cabrera", "Dra. Guadalupe Correa-Cabrera"),
    ("Raul Benitez Manaut", "Raúl Benítez Manaut"),
    ("Cónsul Rafael Barceló Durazo", "Rafael Barceló Durazo"),
])
def test_people_spelled_differently_are_offered(typed, stored):
    from roundtable.matching import person_words, similar

    records = [SimpleNamespace(name=stored), SimpleNamespace(name="Rafael Benítez")]
    found = similar(records, typed, names=lambda r: [r.name], words=person_words)
    assert [r.name for r in found] == [stored]


def test_different_names_are_not_offered():
    from roundtable.matching import organization_words, person_words, similar

    orgs = [SimpleNamespace(name="University of Arizona")]
    for typed in ("Arizona State University", "University of Sonora", ""):
        assert similar(orgs, typed, names=lambda r: [r.name], words=organization_words) == []
    people = [SimpleNamespace(name="Raúl Benítez Manaut")]
    assert similar(people, "Rafael Barceló", names=lambda r: [r.name], words=person_words) == []
