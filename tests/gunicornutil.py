"""Start and stop real gunicorn servers for tests and benchmarks (bounded in time)."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`gunicorn --config gunicorn.conf.py app:app` in its own process group."""

    def __init__(self, env: dict[str, str], workers: int = 3, threads: int = 1,
                 app: str = "app:app"):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        full_env = {
            **os.environ,
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_CONTROL_SOCKET": "off",
            "ACCESS_LOG": "off",
            **env,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", app],
            cwd=ROOT, env=full_env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def host(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def wait_ready(self, timeout: float = 30) -> None:
        """Wait until /healthz answers 200, or raise with the server's log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection(*self.host, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not start:\n{self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def stop(self, timeout: float = 10) -> None:
        """Stop gracefully (SIGTERM to the master), then kill the group if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.log.close()

    def cleanup(self) -> None:
        self.stop()
        Path(self.log.name).unlink(missing_ok=True)


def start_servers(count: int, env: dict[str, str], **kwargs) -> list[Server]:
    """Start ``count`` servers at once and wait for all of them."""
    servers = [Server(env, **kwargs) for _ in range(count)]
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        for server in servers:
            server.cleanup()
        raise
    return servers


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """Just enough of a browser for a form: one cookie jar, one connection, no redirects."""

    def __init__(self, host: tuple[str, int], timeout: float = 30):
        self.conn = http.client.HTTPConnection(*host, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}  # sent with every request

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {**self.headers, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.headers), data

    def csrf_token(self, path: str) -> str:
        """GET a form page and return its CSRF token (the session cookie is kept)."""
        status, _, data = self.request("GET", path)
        match = _CSRF.search(data.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise AssertionError(f"GET {path}: {status}, no CSRF token")
        return match.group(1)

    def close(self) -> None:
        self.conn.close()
