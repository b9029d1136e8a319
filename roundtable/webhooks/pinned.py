"""An httpx transport that connects only to addresses already checked (no DNS rebinding).

``urls.checked`` resolves a webhook's host once and refuses it unless every address is
allowed; ``client(addresses)`` then opens its TCP connections to those addresses only,
whatever host the request names, and never asks DNS again. The request keeps its URL, so
the Host header, TLS SNI and certificate verification are all for the endpoint's host
name (httpcore passes the origin's host as ``server_hostname``), not for the address.
Redirects are not followed (httpx's default, kept explicit), so a receiver cannot send
the POST elsewhere.
"""

from __future__ import annotations

import ssl

import httpcore
import httpx


class PinnedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting to the pinned addresses in turn."""

    def __init__(self, addresses: list[str]) -> None:
        if not addresses:
            raise ValueError("no address to connect to")
        self.addresses = list(addresses)
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None,
                    socket_options=None):
        error: Exception | None = None
        for address in self.addresses:  # IP literals: no name is resolved here
            try:
                return self._sockets.connect_tcp(address, port, timeout, local_address,
                                                 socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not used for webhooks")

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport (certificates verified, no proxy from the environment), its
    connection pool using ``PinnedBackend``."""

    def __init__(self, addresses: list[str]) -> None:
        super().__init__(verify=True, trust_env=False, retries=0)
        self.ssl_context: ssl.SSLContext = httpx.create_ssl_context(verify=True,
                                                                    trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=self.ssl_context,
                                             network_backend=PinnedBackend(addresses),
                                             retries=0)


def client(addresses: list[str], timeout: float) -> httpx.Client:
    """A client for one delivery: to these addresses only, no redirects, no proxy."""
    return httpx.Client(transport=PinnedTransport(addresses), timeout=timeout,
                        follow_redirects=False, trust_env=False)
