"""A TCP relay between the site and PostgreSQL that can stall: it keeps accepting connections, and
while stalled it forwards nothing either way, as a server that hangs (or a network that drops
packets) looks to the site. ``python -m tests.faults.relay`` is not needed: the suite runs it in a
thread (``with Relay(target) as relay: relay.stall()``)."""

import selectors
import socket
import threading


class Relay:
    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._stalled = threading.Event()
        self._closing = threading.Event()
        self._sockets = []
        self._lock = threading.Lock()

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._closing.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def stall(self):
        self._stalled.set()

    def resume(self):
        """Forward again; connections opened while stalled are dropped, as a restarted server would."""
        self._stalled.clear()

    def _accept(self):
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.append(client)
            if self._stalled.is_set():
                continue  # accepted, never answered
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client):
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets.append(server)
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        try:
            while not self._closing.is_set():
                if self._stalled.is_set():
                    self._closing.wait(0.05)
                    continue
                for key, _events in selector.select(timeout=0.05):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            client.close()
            server.close()
