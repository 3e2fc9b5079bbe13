"""gunicorn's settings for production (`make serve`) and for the benchmark (`make bench`).

Read from the environment like the Django settings, so that one file serves every machine:

- ``WEB_CONCURRENCY``: worker processes; by default one per core plus one.
- ``GUNICORN_THREADS``: threads per worker (default 2). A thread streaming a long CSV export
  leaves its worker free to answer other requests and the master's heartbeat, and keep-alive
  connections from a proxy are kept, which the one-request-at-a-time ``sync`` worker cannot do.
- ``GUNICORN_TIMEOUT``: seconds a worker may stay silent before the master restarts it.
- ``GUNICORN_ACCESS_LOG``: where the access log goes (``-`` for standard output, the default).

Measured on 2 cores with the benchmark (bench/README.md, N = 10,000): 3 workers of 2 threads
served the catalogue and search 20 to 30 % faster than gunicorn's usual 2 × cores + 1 (5 workers),
and ``sync`` workers were slowest, the static file at half the rate for want of keep-alive.

The address to listen on is given on the command line (``--bind``), as `make serve` does.
"""

import multiprocessing
import os

wsgi_app = "sstc.wsgi:application"

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread" if threads > 1 else "sync"

# A streamed export of the whole catalogue takes seconds to tens of seconds: the heartbeat
# timeout is generous, and a restart lets a running export finish before a worker goes.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = timeout
keepalive = 5

# Django is imported once in the master and shared by the workers; a settings error (a missing
# SECRET_KEY) stops the start at once with its message, instead of every worker failing in turn.
preload_app = True

# gunicorn's runtime control socket (gunicornc) sits at one path per user, so a second server on the
# machine (the benchmark's) would take it over; nothing here uses it.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
# The usual combined format, with the time taken in milliseconds at the end.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
