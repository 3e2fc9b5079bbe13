"""The benchmark's load client (bench/load.py) against a small server of the standard library."""

import http.server
import threading

import pytest

from bench import load


class Answer(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    asked = []

    def do_GET(self):
        self.asked.append(self.path)
        body = b"ok"
        self.send_response(404 if self.path == "/missing" else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Answer.asked = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_load_asks_the_addresses_it_is_given_in_turn_and_counts_other_answers_as_errors(server):
    paths = iter(["/a", "/missing", *(f"/{number}" for number in range(10_000))])
    result = load.run("127.0.0.1", server, paths.__next__, concurrency=2, duration=0.3)
    assert result.errors == {"404": 1}
    assert result.requests == len(Answer.asked) - 1 > 10
    # The addresses were taken in turn, each once.
    assert {"/a", "/missing", "/0"} <= set(Answer.asked)
    assert len(set(Answer.asked)) == len(Answer.asked)


def test_a_cycle_does_its_work_before_each_request_and_times_the_request_only(server):
    done = []

    def save():
        done.append(len(Answer.asked))

    result = load.cycles("127.0.0.1", server, "/catalogue", before_each=save, duration=0.0, minimum=5)
    # Each save came before its request, none during one.
    assert done == list(range(len(done)))
    assert result.requests == len(result.before_latencies) == 5 == len(done)
    assert Answer.asked == ["/catalogue"] * 5


def test_cycles_in_the_warm_up_are_not_measured(server):
    result = load.cycles(
        "127.0.0.1", server, "/catalogue", before_each=lambda: None, duration=0.0, warmup=0.2, minimum=2
    )
    assert result.requests == 2
    assert len(Answer.asked) > 2
