"""After the event: recording, materials and the published summary."""

from flask import Blueprint

bp = Blueprint("recap", __name__)
