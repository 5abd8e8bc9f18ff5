"""Workers on sockets of their own (`assistant.api.spread`): the sockets share a port, and ``assistant serve
--workers 2`` spreads connections opened all at once over both workers (the live test: marker ``integration``)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import httpx
import pytest
from live import free_port, serve_cmd, server_env, start, stop

from assistant.api.spread import bind_slots, can_spread

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
