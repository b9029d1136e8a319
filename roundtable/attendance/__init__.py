"""After the event: who came in the room and on Zoom, the report, and follow-up messages."""

from flask import Blueprint

bp = Blueprint("attendance", __name__)
