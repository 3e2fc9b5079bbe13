"""A limit, on this side, to how long a request waits for PostgreSQL.

``statement_timeout`` (settings.py) makes the server stop a slow statement, and ``connect_timeout``
bounds a blocking connection; neither helps when the server, or something on the way to it,
accepts the connection and then never answers: psycopg2 would wait on the socket for ever, and a
stalled database would hang every worker, static files and health check included.

psycopg2 lets a program wait for the server itself (``set_wait_callback``, the hook that green
thread libraries use). The callback below waits as psycopg2's own ``wait_select`` does, but gives
up after ``limit`` seconds without a byte, for connecting and for every statement alike: the
connection is then shut and an ``OperationalError`` raised, which the site answers with a 503
(sstc/outage.py).
"""

import os
import select
import socket
import threading
from contextlib import contextmanager

import psycopg2
from psycopg2 import extensions

_state = threading.local()
_limits = {"connect": None, "answer": None}


def current_limit(connection):
    if connection.status == extensions.STATUS_SETUP:
        return getattr(_state, "limit", None) or _limits["connect"]
    return getattr(_state, "limit", None) or _limits["answer"]


def wait_with_limit(connection):
    """psycopg2's wait callback: poll until the operation is done, at most ``limit`` seconds a wait."""
    limit = current_limit(connection)
    while True:
        try:
            state = connection.poll()
        except KeyboardInterrupt:
            connection.cancel()
            continue
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            ready = select.select([connection.fileno()], [], [], limit)[0]
        elif state == extensions.POLL_WRITE:
            ready = select.select([], [connection.fileno()], [], limit)[1]
        else:
            raise psycopg2.OperationalError(f"unexpected state from poll(): {state!r}")
        if not ready:
            # Not connection.close(), which waits for the lock that psycopg2 holds while it waits
            # here: shut the socket, so that psycopg2 sees a broken connection and Django drops it.
            with socket.socket(fileno=os.dup(connection.fileno())) as sock:
                sock.shutdown(socket.SHUT_RDWR)
            raise psycopg2.OperationalError(f"the database server did not answer within {limit:g} seconds")


def install(connect, answer):
    """Wait at most ``connect`` seconds to connect and ``answer`` seconds for each answer of the
    database server, in every thread; no limit where it is 0 or None."""
    _limits.update(connect=connect or None, answer=answer or None)
    extensions.set_wait_callback(wait_with_limit if connect or answer else None)


@contextmanager
def limited_to(seconds):
    """A shorter limit for what runs inside (the health check), in this thread."""
    previous = getattr(_state, "limit", None)
    _state.limit = seconds
    try:
        yield
    finally:
        _state.limit = previous


@contextmanager
def unlimited():
    """No wait callback, so no limit on this side, for what runs inside: for a command that loads
    or deletes millions of rows (``seed_synthetic``), whose statements take as long as they take,
    and which writes with ``COPY``, which psycopg2 refuses while a wait callback is installed.
    The callback is the whole process's: never for a server that answers readers."""
    previous = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        yield
    finally:
        extensions.set_wait_callback(previous)
