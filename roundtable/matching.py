"""Find existing records whose names match a new one, so organizers reuse them."""

import re

from roundtable.folding import without_accents

# Titles people put before a name; ignored when comparing names.
HONORIFICS = frozenset("""
    dr dra mr mrs ms miss mx sr sra srta don dona prof profa mtro mtra lic ing arq
    gen general col lt cap capt maj adm amb ambassador hon sen rep gov consul
    rev fr sir dame
""".split())


def _plain(text: str) -> str:
    """Lower-case letters and digits only, accents removed, single spaces."""
    bare = without_accents(text.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def name_key(name: str) -> str:
    """Comparable form of a name: accents, case, punctuation and leading titles dropped."""
    words = _plain(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def matching(records, name: str, *, names=lambda r: [r.name]) -> list:
    """Return the records one of whose names has the same key as ``name``."""
    key = name_key(name)
    if not key:
        return []
    return [r for r in records if any(n and name_key(n) == key for n in names(r))]


# --- Similar names, for duplicates spelled differently -------------------------------
#
# "Univ. of Arizona", "The University of Arizona" and "U of Arizona" are "University of
# Arizona"; "General Gregory Guillot" is "Gen. Gregory M. Guillot". Names are reduced to
# their telling words (abbreviations spelled out; articles, small words, honorifics, ranks
# and initials dropped) and compared with rapidfuzz, so typos still match too.

# Abbreviations in organization names, spelled out (English and Spanish).
ABBREVIATIONS = {
    "u": "university", "univ": "university", "uni": "university", "universidad": "university",
    "inst": "institute", "instituto": "institute", "ctr": "center", "cntr": "center",
    "centre": "center", "centro": "center", "dept": "department", "depto": "department",
    "assn": "association", "assoc": "association", "asociacion": "association",
    "intl": "international", "internacional": "international", "natl": "national",
    "nacional": "national", "govt": "government", "gobierno": "government",
    "cmte": "committee", "comm": "committee", "comite": "committee", "co": "company",
    "corp": "corporation", "st": "state", "sch": "school", "coll": "college",
    "fdn": "foundation", "fundacion": "foundation", "soc": "society",
}
# Words that say nothing about which organization it is.
SMALL_WORDS = frozenset("""
    the a an of for and at in on to el la los las lo un una de del y en para por al
""".split())
# Ranks and titles before a person's name, beyond HONORIFICS (their spelled-out forms too).
RANKS = HONORIFICS | frozenset("""
    doctor doctora professor profesor profesora mister mrs senor senora maestro maestra
    licenciado licenciada ingeniero ingeniera colonel lieutenant captain major admiral
    brigadier commander sergeant senator representative governor honorable honourable
    gral cnel tte almte embajador embajadora consul consula secretary secretario
    secretaria minister ministro ministra president presidente presidenta jr sr iii ii
""".split())

# A score (0–100) at or above which two reduced names are offered as the same record.
SIMILAR_SCORE = 88


def organization_words(name: str) -> str:
    """An organization's telling words, abbreviations spelled out, small words dropped."""
    words = [ABBREVIATIONS.get(w, w) for w in _plain(name).split()]
    kept = [w for w in words if w not in SMALL_WORDS]
    return " ".join(kept or words)


def person_words(name: str) -> str:
    """A person's names without honorifics, ranks or initials (single letters)."""
    words = _plain(name).split()
    kept = [w for w in words if w not in RANKS and len(w) > 1]
    return " ".join(kept or words)


def similar(records, name: str, *, names, words, score: int = SIMILAR_SCORE,
            subset: bool = False) -> list:
    """Records one of whose names is like ``name``, the most alike first.

    ``names(record)`` lists a record's names (name, short name, Spanish name…);
    ``words`` reduces a name (``organization_words`` or ``person_words``). Two names
    match when their reduced forms are equal, or when rapidfuzz's token-sort ratio
    (word order ignored, but not extra words: "Arizona State University" is not
    "University of Arizona") reaches ``score``. ``subset=True`` compares with the
    token-set ratio instead, where one name's words inside the other's count as alike
    ("Correa, Guadalupe" and "Guadalupe Correa-Cabrera"): for suggestions, not warnings.
    """
    from rapidfuzz import fuzz

    scorer = fuzz.token_set_ratio if subset else fuzz.token_sort_ratio
    wanted = words(name)
    if not wanted:
        return []
    scored = []
    for record in records:
        best = max((scorer(wanted, words(n)) for n in names(record) if n), default=0)
        if best >= score:
            scored.append((-best, record))
    return [record for _score, record in sorted(scored, key=lambda pair: pair[0])]


def similar_prepared(reduced: list[str], name: str, *, words, score: int = SIMILAR_SCORE,
                     subset: bool = False) -> list[int]:
    """``similar`` against names reduced once (``reduced[i]`` is record i's ``words``):
    the indices of the records like ``name``, the most alike first (ties in list order).

    For one list compared with many names (a page of Zoom participants against an
    event's registrations): rapidfuzz scores the whole list in one call.
    """
    from rapidfuzz import fuzz, process

    wanted = words(name)
    if not wanted:
        return []
    scorer = fuzz.token_set_ratio if subset else fuzz.token_sort_ratio
    found = process.extract(wanted, reduced, scorer=scorer, score_cutoff=score, limit=None)
    return [index for _score, index in sorted((-s, i) for _choice, s, i in found)]
