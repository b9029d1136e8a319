"""Gunicorn settings for Roundtable: `gunicorn --config gunicorn.conf.py app:app`.

Everything that differs between hosts comes from the environment:
  WEB_CONCURRENCY   worker processes (default: 2 x CPU cores + 1)
  GUNICORN_THREADS  threads per worker (default 1)
  BIND              address to listen on (default 127.0.0.1:8000; keep it behind the proxy)
  GUNICORN_TIMEOUT  seconds before a silent worker is restarted (default 30)
  GUNICORN_MAX_REQUESTS  requests before a worker is replaced (default 2000; 0: never)
  ACCESS_LOG        "-" for stdout (default), a file path, or "off"
  GUNICORN_CONTROL_SOCKET  "off" when several servers share a user's home (tests, benchmarks)
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a host down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10

# Manage tokens live in URL paths (/registrations/<token>); RedactingLogger
# replaces them in every access-log field (request line, path, referer...).
logger_class = "roundtable.serving.RedactingLogger"
_access = os.environ.get("ACCESS_LOG", "-")
accesslog = None if _access == "off" else _access
errorlog = "-"
# Gunicorn >= 24 opens a control socket at ~/.gunicorn/gunicorn.ctl; older versions ignore this.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "on") == "off"
# Remote address as the proxy reports it, request line, status, size, referer, agent, time.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
