"""The site under test: gunicorn started as `make serve` starts it, and its workers' memory.

gunicorn runs in a session of its own, so that a ctrl-C in the terminal reaches the benchmark,
which then stops the server itself (``SIGTERM``, a graceful stop) rather than leaving it behind.
"""

import http.client
import os
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = PROJECT / "sstc" / "gunicorn.conf.py"


def gunicorn_settings(env):
    """sstc/gunicorn.conf.py as gunicorn reads it with ``env``: the workers and threads it starts."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return runpy.run_path(str(CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)


class ServerError(RuntimeError):
    pass


class Gunicorn:
    """A gunicorn master and its workers, started with sstc/gunicorn.conf.py; a context manager."""

    def __init__(self, *, host, port, env, log_path, ready_path):
        self.host, self.port, self.env = host, port, env
        self.log_path, self.ready_path = Path(log_path), ready_path
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self, wait=60.0):
        command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"{self.host}:{self.port}"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn stopped at start (exit {self.process.returncode}):\n{self.log_tail()}")
            if self._answers() and len(self.worker_pids()) == self.expected_workers():
                return
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not answer on port {self.port} within {wait:g} s:\n{self.log_tail()}")

    def _answers(self):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            connection.request("GET", self.ready_path)
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def expected_workers(self):
        return gunicorn_settings(self.env)["workers"]

    def stop(self, wait=30.0):
        """A graceful stop (running requests finish), then a kill if it takes longer than ``wait``."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_pids(self):
        """The master's children: its workers."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def log_tail(self, lines=20):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def memory_kb(pid):
    """A process's resident memory now (``VmRSS``) and at its peak (``VmHWM``), in kB, from /proc."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            figures[name] = int(value.split()[0])
    return figures


def reset_peak_memory(pid):
    """Start the peak (``VmHWM``) afresh from the present size, so that it shows what comes next.

    Linux does this when "5" is written to /proc/<pid>/clear_refs; where that is refused, the peak
    keeps what came before and the growth measured is an upper bound.
    """
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False
