"""One term for one thing in Spanish: a retired term fails the build wherever it comes back.

The glossary (docs/architecture.md, "English and Spanish"): registration → registro;
a stored organization or person → ficha (never registro); check-in → registro de
llegada / registrar la llegada (not "control de acceso", not "marcar"); the door QR →
código de entrada ("código de acceso" is only Zoom's passcode); the mode field →
Modalidad; attendance → asistencia; no-show → inasistencia; overview → Vista general;
role → función (not "papel"); organization → institución; link → enlace; quotes “…”.
"""

import re

import pytest

from tests.i18n.test_catalog import catalog


def _entries():
    for entry in catalog():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        yield " ".join(ids), strings


# (what is retired, its Spanish pattern, the English sources it is checked in (None: all),
#  the English sources where it is still right)
RETIRED = [
    ("control de acceso (use registro de llegada)", r"control de acceso", None, None),
    ("marcar for a check-in (use registrar la llegada)",
     r"\bmarc\w*\b.{0,30}\bllegada|\bllegadas? marcadas?", None, None),
    ("papel (use función)", r"\bpapel(es)?\b", None, None),
    ("organización (use institución)", r"\borganizaci(ón|ones)\b", None, None),
    ("vínculo or liga (use enlace)", r"\b(vínculos?|ligas?)\b", None, None),
    ("«» (use “”)", r"[«»]", None, None),
    ("por favor without a comma before what is asked", r"\bpor favor (?=\w)", None, None),
    ("código de acceso beyond Zoom's passcode (use código de entrada)",
     r"código de acceso", None, r"(?i)passcode"),
    ("registro for a stored record (use ficha)", r"\bregistros?\b", r"(?i)\brecords?\b", None),
    ("No se presentaron (use inasistencia)", r"no se presentaron", None, None),
    ("Asiste, Asistir, Registro para for the mode (use Modalidad)",
     r"^(Asiste|Asistir|Registro para)$", None, None),
]


@pytest.mark.parametrize(("retired", "pattern", "checked_in", "right_for"), RETIRED)
def test_a_retired_term_does_not_come_back(retired, pattern, checked_in, right_for):
    found = [(source, text) for source, strings in _entries() for text in strings
             if text and re.search(pattern, text, re.IGNORECASE)
             and (checked_in is None or re.search(checked_in, source))
             and not (right_for and re.search(right_for, source))]
    assert not found, f"{retired}: {found}"


@pytest.mark.parametrize(("source", "spanish"), [
    ("Check-in", "Registro de llegada"), ("Overview", "Vista general"),
    ("Attending", "Modalidad"), ("Registered for", "Modalidad"), ("Attends", "Modalidad"),
    ("No-shows", "Inasistencias"), ("Passcode", "Código de acceso"),
    ("Summary", "Resumen"),
])
def test_the_adopted_terms(source, spanish):
    entry = catalog().get(source)
    assert entry is not None and entry.string == spanish, (source, entry and entry.string)


@pytest.mark.parametrize(("source", "spanish"), [
    ("Sorry we missed you", "Lamentamos que no haya podido acompañarnos"),
    ("Questions? Write to %(name)s at %(email)s.", "¿Dudas? Escriba a %(name)s (%(email)s)."),
    ("You are registered. We have emailed you this page's link.",
     "Su registro se completó. Le enviamos por correo el enlace de esta página."),
    ("Subscribe to your registration", "Agregar su registro a su calendario"),
    ("Yes, this is a record of a past event", "Sí, es un evento ya realizado (para el archivo)"),
    ("Please do not share this link.", "Por favor, no comparta este enlace."),
    ("(number %(position)s on the waitlist)", "(lugar %(position)s)"),
    ("Full — join the waitlist", "Cupo lleno — inscríbase en la lista de espera"),
])
def test_the_reviewed_wording(source, spanish):
    entry = catalog().get(source)
    assert entry is not None and entry.string == spanish, (source, entry and entry.string)
