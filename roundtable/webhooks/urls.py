"""Which webhook URLs we will call: http(s) to public hosts only (no server-side forgery).

Loopback, link-local (cloud metadata at 169.254.169.254), private, shared, multicast
and reserved addresses are refused unless ``WEBHOOK_ALLOW_PRIVATE`` is set (tests,
or an intranet receiver). Checked when an endpoint is saved and again, on a fresh
DNS answer, before every delivery; redirects are never followed.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _


class UnsafeURL(ValueError):
    """A URL we must not call; the message says why."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def check(url: str) -> str:
    """The URL, stripped, if we may call it; raise UnsafeURL otherwise."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL(_("Enter a full web address, starting with https://.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("Enter a full web address, starting with https://."))
    if parts.username or parts.password:
        raise UnsafeURL(_("Leave the user name and password out of the address."))
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE"):
        return url
    try:
        addresses = resolve(parts.hostname, port)
    except (OSError, UnicodeError):
        raise UnsafeURL(_("%(host)s could not be found.", host=parts.hostname)) from None
    if not addresses or not all(_public(a) for a in addresses):
        raise UnsafeURL(_("%(host)s is not a public address: webhooks only go to hosts on "
                          "the internet.", host=parts.hostname))
    return url
