"""Test servers on 127.0.0.1: a real S3 wire server (moto) and a fault-injecting TCP proxy.

The proxy sits between the client and the S3 server and can, on demand, answer
503, drop connections, stall past the client's read timeout, or refuse to
connect at all (an outage). It is a test double for faults that cannot be
produced for real on one machine; the S3 server behind it is real.
"""

from __future__ import annotations

import logging
import socket
import threading
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_ATOMIC = threading.Lock()


def _atomic_conditionals() -> None:
    """moto checks ``If-None-Match``/``If-Match`` and then writes, with other requests' threads
    free to run in between: two conditional PUTs racing for one key can both succeed (seen
    here under load, two keys both owning one submission id). S3 and MinIO decide a
    conditional write atomically; so does this server, by one lock around moto's object
    writes and deletes. Unconditional requests behave as before."""
    from moto.s3.responses import S3Response

    if getattr(S3Response, "_beian_atomic", False):
        return
    for name in ("put_object", "delete_object"):
        original = getattr(S3Response, name)

        def locked(self, _original=original):
            with _ATOMIC:
                return _original(self)

        setattr(S3Response, name, locked)
    S3Response._beian_atomic = True


class S3Server:
    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        _atomic_conditionals()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def __enter__(self) -> "S3Server":
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()


class FaultProxy:
    """TCP proxy with a fault mode: pass | 503 | drop | stall | down (for the next `budget` connections)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = free_port()
        self.mode, self.budget, self.faults = "pass", 0, 0
        self._lock = threading.Lock()
        self._live: set[socket.socket] = set()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(64)
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def fail(self, mode: str, budget: int = 10**9) -> None:
        """Inject `mode` into the next `budget` connections; live connections are cut."""
        with self._lock:
            self.mode, self.budget = mode, budget
            for s in list(self._live):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def heal(self) -> None:
        self.fail("pass", 0)

    def close(self) -> None:
        self._stop = True
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                mode = self.mode if self.budget > 0 else "pass"
                if self.budget > 0:
                    self.budget -= 1
                    self.faults += 1
            threading.Thread(target=self._serve, args=(client, mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        if mode == "down":
            client.close()
            return
        if mode in ("503", "drop", "stall"):
            try:
                client.settimeout(5)
                client.recv(65536)
                if mode == "503":
                    client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                elif mode == "stall":
                    time.sleep(8)
            except OSError:
                pass
            client.close()
            return
        try:
            up = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        with self._lock:
            self._live.update((client, up))
        t = threading.Thread(target=self._pipe, args=(up, client), daemon=True)
        t.start()
        self._pipe(client, up)
        t.join()
        with self._lock:
            self._live.discard(client)
            self._live.discard(up)

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def die_or_echo(what: str) -> str:
    """For a worker pool: the process dies at once (a native crash, the OOM killer) on 'die'."""
    import os

    if what == "die":
        os._exit(137)
    return what


def wait_until_healthy(url: str, proc, log_path, timeout: float = 180) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if it dies or never does."""
    import time

    import httpx

    deadline = time.time() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.time() < deadline, open(log_path).read()[-3000:]
        time.sleep(0.5)
