"""Gunicorn integration: an access logger that never writes a manage token."""

from gunicorn.glogging import Logger

from roundtable.security import redact


class RedactingLogger(Logger):
    """Gunicorn's logger with secret tokens removed from every access-log field.

    Gunicorn hands the access logger a dict of "atoms" (request line, path,
    query, referer, headers...), so a filter that rewrites the message or a
    tuple of arguments never sees them; redact the atoms themselves.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}
