"""The mail blueprint."""

from flask import Blueprint

bp = Blueprint("mail", __name__)
