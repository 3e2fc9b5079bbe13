"""A small HTTP load client: a few threads, each with its own keep-alive connection.

Standard library only, so the benchmark needs nothing beyond the project's own dependencies.
Each thread sends the scenario's next address as soon as its previous answer has been read to the
end (a closed loop), so the concurrency is fixed and the request rate is what the server sustains.
A connection that the server closes is opened again before the next request.
"""

import http.client
import threading
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    """What one run saw: the latency of every answered request, in seconds, and the failures."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    bytes_read: int = 0
    # The time of what was done before each request (cycles: the curator's save), in seconds.
    before_latencies: list[float] = field(default_factory=list)

    @property
    def requests(self):
        return len(self.latencies)

    def add_error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Connection:
    """One keep-alive connection that reopens itself when the server closed it."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None

    def get(self, path, headers):
        """Send one GET and read the whole answer; return the status and the size of the body."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, size

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run(host, port, next_path, *, concurrency, duration, warmup=0.0, headers=None, timeout=60.0):
    """Request the addresses that ``next_path()`` gives, from ``concurrency`` threads, for ``warmup``
    then ``duration`` seconds. ``next_path`` is called under a lock.

    Only the requests that start after the warm-up count. A request counts as an error when it
    is not answered 200, or not at all; its latency is not recorded.
    """
    headers = {"User-Agent": "sstc-bench", **(headers or {})}
    lock = threading.Lock()
    result = LoadResult()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration

    def worker():
        connection = Connection(host, port, timeout)
        latencies, errors, size_total = [], {}, 0
        try:
            while (sent := time.perf_counter()) < stop_at:
                with lock:
                    path = next_path()
                try:
                    status, size = connection.get(path, headers)
                except (OSError, http.client.HTTPException) as error:
                    status, size = type(error).__name__, 0
                if sent < measure_from:
                    continue
                if status == 200:
                    latencies.append(time.perf_counter() - sent)
                    size_total += size
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        finally:
            connection.close()
            with lock:
                result.latencies.extend(latencies)
                result.bytes_read += size_total
                for kind, count in errors.items():
                    result.errors[kind] = result.errors.get(kind, 0) + count

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The last requests may end a little after stop_at: the rate is over the time actually taken.
    result.elapsed = time.perf_counter() - measure_from
    return result


def sequential(host, port, path, *, repeats, warmup_path=None, before_measuring=None, headers=None, timeout=600.0):
    """Request one address ``repeats`` times, one after the other, on one keep-alive connection, so
    that every request reaches the same worker (the whole-catalogue export).

    ``warmup_path`` is requested first, unmeasured, and then ``before_measuring`` is called: the
    export's memory is read there, once the worker has loaded the code that any export runs.
    """
    headers = {"User-Agent": "sstc-bench", **(headers or {})}
    result = LoadResult()
    connection = Connection(host, port, timeout)
    try:
        if warmup_path:
            connection.get(warmup_path, headers)
        if before_measuring:
            before_measuring()
        start = time.perf_counter()
        for _ in range(repeats):
            sent = time.perf_counter()
            try:
                status, size = connection.get(path, headers)
            except (OSError, http.client.HTTPException) as error:
                result.add_error(type(error).__name__)
                continue
            if status == 200:
                result.latencies.append(time.perf_counter() - sent)
                result.bytes_read += size
            else:
                result.add_error(str(status))
        result.elapsed = time.perf_counter() - start
    finally:
        connection.close()
    return result


def cycles(host, port, path, *, before_each, duration, warmup=0.0, minimum=1, headers=None, timeout=60.0):
    """``before_each()``, then one request for ``path``, again and again, one cycle at a time, for
    ``warmup`` then ``duration`` seconds and at least ``minimum`` measured cycles.

    Only the request is timed as a latency (``before_each`` is timed apart). Each request goes on a
    new connection, so that any of the server's workers may take it, as any may take a reader's
    request after a curator's save.
    """
    headers = {"User-Agent": "sstc-bench", **(headers or {})}
    result = LoadResult()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration
    while (now := time.perf_counter()) < stop_at or len(result.latencies) + sum(result.errors.values()) < minimum:
        measured = now >= measure_from
        before = time.perf_counter()
        before_each()
        sent = time.perf_counter()
        connection = Connection(host, port, timeout)
        try:
            status, size = connection.get(path, headers)
        except (OSError, http.client.HTTPException) as error:
            status, size = type(error).__name__, 0
        finally:
            connection.close()
        if not measured:
            continue
        result.before_latencies.append(sent - before)
        if status == 200:
            result.latencies.append(time.perf_counter() - sent)
            result.bytes_read += size
        else:
            result.add_error(str(status))
    result.elapsed = time.perf_counter() - measure_from
    return result
