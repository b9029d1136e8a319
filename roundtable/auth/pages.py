"""Answers the auth pages share (below the route modules, which import it)."""

from flask import render_template

from roundtable.security import private


def link_invalid():
    """The answer to a used, expired or unknown link (indistinguishable on purpose)."""
    return private(render_template("auth/link_invalid.html"), 404)
