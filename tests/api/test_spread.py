"""Workers on sockets of their own (`assistant.api.spread`): the sockets share a port, and ``assistant serve
--workers 2`` spreads connections opened all at once over both workers (the live test: marker ``integration``)."""

from __future__ import annotations

import math
import signal
import socket
import sys
import threading
from pathlib import Path

import httpx
import pytest
from live import free_port, serve_cmd, server_env, start, stop
from uvicorn.config import Config
from uvicorn.supervisors.multiprocess import SIGNALS

from assistant.api.spread import BY_HASH, SpreadWorkers, bind_slots, can_spread, steer

pytestmark = pytest.mark.skipif(not can_spread(), reason="no SO_REUSEPORT on this platform")


def test_slots_share_one_port_even_when_the_port_is_chosen_by_the_kernel() -> None:
    slots = bind_slots("127.0.0.1", 0, 3)
    try:
        ports = {s.getsockname()[1] for s in slots}
        assert len(ports) == 1 and ports != {0}
        assert all(s.get_inheritable() for s in slots)
    finally:
        for s in slots:
            s.close()


def test_a_port_held_by_another_program_is_refused() -> None:
    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen()
    try:
        with pytest.raises(OSError):
            bind_slots("127.0.0.1", other.getsockname()[1], 2)
    finally:
        other.close()


def _accepted(sock: socket.socket) -> int:
    """How many connections were queued on ``sock`` (each accepted and closed)."""
    sock.setblocking(False)
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="classic BPF steering is Linux's")
def test_new_connections_go_to_the_slot_steered_to_then_by_address_hash_again() -> None:
    """While a removed worker drains, the group's new connections must all reach another slot's socket."""
    slots = bind_slots("127.0.0.1", 0, 2)
    port = slots[0].getsockname()[1]
    clients: list[socket.socket] = []

    def connect(n: int) -> None:
        clients.extend(socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(n))

    try:
        assert steer(slots[0], 0)
        connect(20)
        assert (_accepted(slots[0]), _accepted(slots[1])) == (20, 0)
        assert steer(slots[1], 1)  # the group's program, set through any of its sockets; slots in listen order
        connect(20)
        assert (_accepted(slots[0]), _accepted(slots[1])) == (0, 20)
        assert steer(slots[0], BY_HASH)
        connect(40)
        spread = (_accepted(slots[0]), _accepted(slots[1]))
        assert sum(spread) == 40 and min(spread) > 0  # by source port: all 40 on one socket has odds 2**-39
    finally:
        for sock in clients + slots:
            sock.close()


class _Loading:
    """A stand-in worker that serves only when given ``needs`` seconds or more to load."""

    pid, exitcode = 4242, None

    def __init__(self, needs: float) -> None:
        self.needs, self.windows, self.killed = needs, [], False

    def wait_until_ready(self, timeout: float, should_exit=None) -> bool:
        self.windows.append(timeout)
        return timeout >= self.needs

    def kill(self) -> None:
        self.killed = True

    def join(self) -> None:
        pass


@pytest.fixture
def two_slots():
    """Two bound slots, and this process's signal handlers put back (the supervisor installs its own)."""
    saved = {sig: signal.getsignal(sig) for sig in SIGNALS}
    slots = bind_slots("127.0.0.1", 0, 2)
    yield slots
    for sock in slots:
        sock.close()
    for sig, handler in saved.items():
        if handler is not None:
            signal.signal(sig, handler)


def _supervisor(slots, worker: _Loading, start_timeout: float) -> SpreadWorkers:
    supervisor = SpreadWorkers(Config("assistant.api.app:create_app", workers=2), slots, start_timeout)
    supervisor._started = lambda slot: worker  # no process: only the supervisor's bookkeeping is under test
    return supervisor


def test_an_added_worker_slower_to_load_than_a_health_check_is_waited_for(two_slots) -> None:
    worker = _Loading(needs=12.0)  # an index load on a busy machine; uvicorn's health check allows 5 s
    supervisor = _supervisor(two_slots, worker, start_timeout=60.0)
    supervisor.handle_ttin()
    assert worker.windows == [60.0] and not worker.killed
    assert supervisor.processes_num == 3 and supervisor.processes == [worker] and len(two_slots) == 3


def test_an_added_worker_that_never_serves_is_stopped_and_its_slot_dropped(two_slots) -> None:
    worker = _Loading(needs=math.inf)
    supervisor = _supervisor(two_slots, worker, start_timeout=30.0)
    supervisor.handle_ttin()
    assert worker.windows == [30.0] and worker.killed
    assert supervisor.processes_num == 2 and supervisor.processes == [] and len(two_slots) == 2


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp(port: int, state: str) -> set[str]:
    """Inodes of this machine's IPv4 TCP sockets on local ``port`` in ``state`` (0A listening, 01 established)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            found.add(fields[9])
    return found


@pytest.mark.integration
def test_connections_opened_at_once_reach_both_workers(real_index_dir, tmp_path) -> None:
    from test_workers_crash import _ready, _until, _workers

    port, log = free_port(), tmp_path / "serve.log"
    proc = start(serve_cmd(port, "--workers", "2"), server_env(real_index_dir, tmp_path / "q.sqlite3"), port, log)
    clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) for _ in range(16)]
    try:
        # Ready means one worker answers; the other may not have bound its socket yet, so wait for both sockets too.
        _until(
            lambda: len(_workers(proc.pid)) == 2 and _ready(f"http://127.0.0.1:{port}") and len(_tcp(port, "0A")) == 2,
            "two workers not up, each listening",
        )
        workers = _workers(proc.pid)
        listening = _tcp(port, "0A")
        assert len(listening) == 2  # one listening socket per worker, each held by its own worker
        assert all(len(listening & _socket_inodes(w)) == 1 for w in workers)
        # Sixteen keep-alive connections opened together (a portal's pool, a load test's clients).
        go = threading.Barrier(len(clients))

        def first(client: httpx.Client) -> None:
            go.wait()
            assert client.post("/v1/search", json={"query": "補助率"}).status_code == 200

        threads = [threading.Thread(target=first, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        established = _tcp(port, "01")
        held = [len(established & _socket_inodes(w)) for w in workers]
        # One shared socket often gave all of them to one worker; by hash, all on one is 2 in 65,536.
        assert sum(held) == len(clients) and min(held) >= 1, held
    finally:
        for c in clients:
            c.close()
        stop(proc, log)
