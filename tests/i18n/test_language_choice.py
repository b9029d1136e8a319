"""Choosing the language: ?lang= first, then the cookie, then Accept-Language."""

import re

from roundtable.i18n import COOKIE


def html_lang(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def test_accept_language_decides_by_default(client):
    assert html_lang(client.get("/")) == "en"
    response = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert html_lang(response) == "es"
    assert "Próximos" in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


def test_lang_param_wins_and_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=es", headers={"Accept-Language": "en"})
    assert html_lang(response) == "es"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=es;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The next page, without the parameter, keeps Spanish over Accept-Language.
    assert html_lang(client.get("/", headers={"Accept-Language": "en"})) == "es"
    assert html_lang(client.get("/?lang=en")) == "en"
    assert html_lang(client.get("/")) == "en"


def test_unknown_languages_fall_back_to_english(client):
    response = client.get("/?lang=fr", headers={"Accept-Language": "de"})
    assert html_lang(response) == "en"
    assert f"{COOKIE}=" not in response.headers.get("Set-Cookie", "")


def test_switch_is_visible_accessible_and_keeps_the_page(client, make_event):
    make_event(slug="roundtable", title="Roundtable")
    html = client.get("/events/roundtable?x=1&lang=es").get_data(as_text=True)
    switch = re.search(r'<ul class="lang-switch" aria-label="Idioma">(.*?)</ul>', html, re.S)
    assert switch, "no language switch in the layout"
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+" title="(\w+)"'
                       r'( aria-current="true")?>(\w+)<', switch.group(1))
    assert [(lang, label, bool(current)) for _href, lang, _t, current, label in links] == [
        ("en", "EN", False), ("es", "ES", True)]
    hrefs = {lang: href.replace("&amp;", "&") for href, lang, *_ in links}
    assert hrefs["en"] == "/events/roundtable?x=1&lang=en"
    assert client.get(hrefs["en"]).status_code == 200


def test_error_pages_link_the_switch_to_the_home_page(client):
    html = client.get("/registrations/some-secret-token-value/nowhere?lang=es").get_data(
        as_text=True)
    assert "Página no encontrada" in html
    assert "some-secret-token-value" not in html
    assert 'href="/?lang=en"' in html


def test_calendar_feeds_ignore_cookie_and_accept_language(client, make_event):
    make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda")
    client.set_cookie(COOKIE, "es")
    response = client.get("/calendar.ics", headers={"Accept-Language": "es"})
    body = response.get_data(as_text=True)
    assert "SUMMARY:Roundtable" in body and "Mesa redonda" not in body
    assert "Set-Cookie" not in response.headers
    assert "Accept-Language" not in response.headers.get("Vary", "")


def test_fallback_content_is_marked_with_its_language(client, make_event):
    make_event(slug="roundtable", title="Roundtable", title_es="Mesa redonda",
               summary="Only in English.")
    html = client.get("/events/roundtable?lang=es").get_data(as_text=True)
    assert '<h1 lang="es">Mesa redonda</h1>' in html
    assert '<p class="summary" lang="en">Only in English.</p>' in html
    assert '<link rel="alternate" hreflang="en" href="/events/roundtable?lang=en">' in html
