"""Entry point for `flask`, `flask db` and gunicorn (`gunicorn app:app`)."""

import sys

from roundtable import ConfigError, create_app

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"Roundtable cannot start: {exc}")
