"""English and Spanish: which language a request, an email or a feed is in.

The order is ``?lang=`` (a shared link), then the ``lang`` cookie (the EN | ES
switch), then Accept-Language. Calendar feeds are cached by URL, so they read
only ``?lang=``. Emails use the registrant's stored language (``in_language``).
"""

from __future__ import annotations

import functools
import logging
import os
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.lists import format_list
from flask import Flask, g, request
from flask_babel import Babel, force_locale, get_locale
from jinja2 import pass_context
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.utils import _PassArg

LANGUAGES = ("en", "es")
DEFAULT = "en"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
# How each language names itself in the switch.
NAMES = {"en": "English", "es": "Español"}

babel = Babel()


def normalize(value: str | None) -> str | None:
    """'es' for 'es', 'ES' or 'es-MX'; None for anything we do not speak."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else None


def select_locale() -> str:
    """The language of this request."""
    if not request:
        return DEFAULT
    asked = normalize(request.args.get("lang"))
    if asked:
        return asked
    if request.blueprint == "calendar" or _json_api():
        # A feed's or the API's URL alone decides its bytes (shared caches, ETags).
        return DEFAULT
    return (
        normalize(request.cookies.get(COOKIE))
        or request.accept_languages.best_match(LANGUAGES)
        or DEFAULT
    )


def _json_api() -> bool:
    # The JSON API, like the feeds, is chosen by URL alone; its HTML docs page is a page.
    return request.path.startswith("/api/") and request.blueprint != "api_docs_page"


def current() -> str:
    """The language in force ('en' or 'es'), also inside ``in_language``."""
    locale = get_locale()
    return normalize(str(locale)) if locale else DEFAULT


@contextmanager
def in_language(code: str | None):
    """Render emails, feeds or labels in ``code`` (the registrant's language)."""
    with force_locale(normalize(code) or DEFAULT):
        yield


def localized(obj, field: str, lang: str | None = None) -> str | None:
    """``obj.<field>`` in the current language (or ``lang``), falling back to the other one."""
    english = getattr(obj, field, None)
    spanish = getattr(obj, f"{field}_es", None)
    if (lang or current()) == "es":
        return spanish or english
    return english or spanish


def content_language(obj, field: str) -> str:
    """The language of what ``localized`` shows, for a ``lang`` attribute on a fallback."""
    english = getattr(obj, field, None)
    spanish = getattr(obj, f"{field}_es", None)
    if current() == "es":
        return "es" if spanish or not english else "en"
    return "en" if english or not spanish else "es"


def emailed_link(url: str) -> str:
    """``url`` with ``lang=`` set to the language being written (an email's reader's).

    A registrant who wrote in Spanish opens our links on a phone set to English:
    without it, Accept-Language would show them English pages.
    """
    parts = urlsplit(url)
    if not (parts.path or parts.netloc):
        return url  # "#": a preview's stand-in for a link only the registrant has
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    query.append(("lang", current()))
    return urlunsplit(parts._replace(query=urlencode(query)))


def calendar_link(url: str, lang: str | None = None) -> str:
    """``url`` with ``?lang=es`` for Spanish readers: a calendar URL alone picks its bytes."""
    lang = lang or current()
    if lang == DEFAULT:
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


def word_list(items, quote: bool = False) -> str:
    """'a, b and c' / 'a, b y c': a list joined the way the current language writes it.

    ``quote`` puts each item (titles) in quotes: “Panel”, “Recepción” y “Cierre”.
    """
    items = [quoted(item) if quote else str(item) for item in items]
    if not items:
        return ""
    return format_list(items, locale=current())


def quoted(title) -> str:
    """A title inside a sentence, in the typographic quotes both languages use here."""
    return f"“{title}”"


def lang_url(code: str) -> str:
    """This page's URL with ``?lang=code``: the switch keeps the reader where they are.

    Error pages link to the home page instead: their URL may be anything, a
    token included, and an error page repeats nothing from it.
    """
    if g.get("error_page"):
        return f"/?lang={code}"
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def _remember(response):
    # ?lang= from the switch or a shared link becomes the reader's choice; never on
    # calendar responses, which set no cookie so shared caches may keep them.
    asked = normalize(request.args.get("lang"))
    if asked and not g.get("public_response") and request.blueprint != "calendar":
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    if request.blueprint != "calendar" and not _json_api():
        response.vary.add("Accept-Language")
    return response


def compile_catalogs(root: str) -> None:
    """Compile any .po newer than its .mo: a fresh clone runs without a build step."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for code in LANGUAGES:
        po = os.path.join(root, code, "LC_MESSAGES", "messages.po")
        mo = po[:-3] + ".mo"
        if not os.path.exists(po):
            continue
        if os.path.exists(mo) and os.path.getmtime(mo) >= os.path.getmtime(po):
            continue
        with open(po, "rb") as source:
            catalog = read_po(source, locale=code)
        tmp = f"{mo}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as target:
                write_mo(target, catalog)
            os.replace(tmp, mo)  # atomic: workers starting together never read half a file
        except OSError as exc:
            # A read-only install must ship compiled catalogs (`make catalogs`).
            logging.getLogger(__name__).warning("cannot compile %s: %s", po, exc)


def _at_render_time(function):
    """``function`` as a filter Jinja cannot run while compiling a template.

    Jinja folds a filter applied to a literal (``'online'|mode_label``) into the
    compiled template, and a compiled template is kept per process: the label
    came out in the language of whoever first loaded the template, for everyone
    after. A filter that takes the render context is never folded.
    """
    passes = _PassArg.from_obj(function)
    if passes is _PassArg.context:
        return function

    @pass_context
    @functools.wraps(function)
    def filter_(context, *args, **kwargs):
        if passes is _PassArg.eval_context:
            return function(context.eval_ctx, *args, **kwargs)
        if passes is _PassArg.environment:
            return function(context.environment, *args, **kwargs)
        return function(*args, **kwargs)

    return filter_


def render_time_helpers(app: Flask) -> None:
    """Make every filter and test the app adds run per render, in the reader's language.

    Jinja's own (``upper``, ``join``) speak no language and may still be folded.
    """
    env = app.jinja_env
    for table, builtin in ((env.filters, DEFAULT_FILTERS), (env.tests, DEFAULT_TESTS)):
        for name, function in list(table.items()):
            if builtin.get(name) is not function:
                table[name] = _at_render_time(function)


def register(app: Flask) -> None:
    """Install Flask-Babel, the cookie, and the template helpers."""
    root = os.path.join(app.root_path, "..", "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", root)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    compile_catalogs(root)
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(_remember)
    app.add_template_global(lang_url)
    app.add_template_global(current, "current_language")
    app.add_template_global(NAMES, "language_names")
    app.add_template_filter(localized, "loc")
    app.add_template_filter(word_list)
    app.add_template_global(content_language)
