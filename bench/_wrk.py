"""Debian's wrk, the compiled load generator for the many-client figures.

A Python client in the benchmark's own process tops out well below what gunicorn
serves on a trivial route, so the many-client figures come from wrk (C, epoll);
the one-client latencies stay with the Python client, which times one request
at a time. `make bench` installs wrk when it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

WRK = shutil.which("wrk")

# One POST per request, a new registrant each time: a thread-unique number in the
# name, the email and the client address (the proxy header, so per-address limits
# count each registrant apart), on the cookie and CSRF token of one loaded form.
REGISTER_SCRIPT = """
local path, token, cookie, run = @PATH@, @TOKEN@, @COOKIE@, @RUN@
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local n = tid * 1000000 + counter
  local mode = (counter % 2 == 1) and "in_person" or "online"
  local body = "csrf_token=" .. token .. "&name=Rusher+" .. n .. "&email=rush-" .. run
    .. "-" .. n .. "%40example.org&mode=" .. mode .. "&reception=yes"
  local address = "10." .. (math.floor(n / 65536) % 256) .. "."
    .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = address,
  }, body)
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    bad: int  # responses other than 2xx and 3xx, and socket errors

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def available() -> bool:
    return WRK is not None


def version() -> str:
    out = subprocess.run([WRK, "--version"], capture_output=True, text=True).stdout
    return out.split("Copyright")[0].strip() or "wrk"


def run(url: str, *, seconds: float, clients: int, headers: dict | None = None,
        script: str | None = None) -> Result:
    """Drive ``url`` with ``clients`` connections on up to 2 threads for ``seconds``."""
    threads = max(1, min(2, clients))
    args = [WRK, f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s",
            "--timeout", "30s"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as tmp:
        if script is not None:
            path = Path(tmp) / "script.lua"
            path.write_text(script)
            args += ["-s", str(path)]
        out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 60)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr or out.stdout}")
    return parse(out.stdout)


def parse(text: str) -> Result:
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    if not done:
        raise RuntimeError(f"unexpected wrk output:\n{text}")
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        text)
    errors = int(bad.group(1)) if bad else 0
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Result(int(done.group(1)), float(done.group(2)) * scale, errors)


def _lua(text: str) -> str:
    """A Lua string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def register_script(path: str, token: str, cookie: str, run_id: str) -> str:
    values = {"@PATH@": path, "@TOKEN@": token, "@COOKIE@": cookie, "@RUN@": run_id}
    script = REGISTER_SCRIPT
    for placeholder, value in values.items():
        script = script.replace(placeholder, _lua(value))
    return script
