"""Which webhook URLs we will call: http(s) to public hosts only (no server-side forgery).

Loopback, link-local (cloud metadata at 169.254.169.254), private, shared, multicast
and reserved addresses are refused unless ``WEBHOOK_ALLOW_PRIVATE`` is set (tests,
or an intranet receiver). Checked when an endpoint is saved and again, on a fresh
DNS answer, before every delivery; redirects are never followed. A delivery resolves the
host once (``checked``) and connects only to the addresses that answer allowed
(webhooks/pinned.py), so a DNS server answering a public address to the check and a
private one to the connection (DNS rebinding) reaches nothing.
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


def _parse(url: str) -> tuple[str, str, int]:
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
    return url, parts.hostname, port


def check(url: str) -> str:
    """The URL, stripped, if we may call it; raise UnsafeURL otherwise."""
    url, _host, _port = _parse(url)
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE"):
        return url
    return checked(url)[0]


def checked(url: str) -> tuple[str, list[str]]:
    """The URL, stripped, and the addresses its host resolved to, every one allowed;
    raise UnsafeURL otherwise. One DNS lookup: connect to these, never resolve again."""
    url, host, port = _parse(url)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise UnsafeURL(_("%(host)s could not be found.", host=host)) from None
    if not addresses:
        raise UnsafeURL(_("%(host)s could not be found.", host=host))
    if not current_app.config.get("WEBHOOK_ALLOW_PRIVATE") and not all(
            _public(a) for a in addresses):
        raise UnsafeURL(_("%(host)s is not a public address: webhooks only go to hosts on "
                          "the internet.", host=host))
    return url, addresses
