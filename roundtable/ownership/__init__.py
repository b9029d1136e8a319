"""The ownership blueprint: who manages shared records (organizations, people, series)."""

from flask import Blueprint

bp = Blueprint("ownership", __name__)
