"""Worker processes that each accept on a listening socket of their own (``SO_REUSEPORT``).

uvicorn's workers share one listening socket, and whichever worker's event loop wakes first accepts
every connection waiting on it: when a client opens its connections at once (a portal's pool, a load
test), all of them often land on one worker and the other cores idle (9 of 20 fresh runs of 8
connections against 2 workers, issue 17's bench). Here each worker slot has its own socket, all bound
to the same address with ``SO_REUSEPORT``, and the kernel spreads new connections over them by their
address hash. A slot keeps its socket when its worker is replaced, so a connection the kernel gave to
that slot waits for the new worker instead of being refused.

The supervisor is uvicorn's (`uvicorn.supervisors.Multiprocess`: health checks, restarts, signals);
only where a worker gets its socket differs, and that a worker failing before it serves stops the server
(`CheckedProcess`). SIGTTIN and SIGTTOU add and remove a slot with its worker; the slots list is the caller's,
which closes the sockets left in it when the server stops. Where ``SO_REUSEPORT`` is missing every slot gets
the same socket (as uvicorn's workers).

A worker removed by SIGTTOU still holds its socket until it exits, and the kernel goes on queueing connections for
it; those it has not accepted when the socket finally closes are reset. So the supervisor listens on every slot in
slot order (the kernel numbers a group's sockets in that order), and on Linux steers the group's new connections to
slot 0 (`steer`: a one-instruction classic BPF program) while the removed worker accepts what was queued for it, then
lets the kernel spread by address hash again.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import socket
import struct
import sys
import time

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.server import Server
from uvicorn.supervisors.multiprocess import Multiprocess, Process

log = logging.getLogger("uvicorn.error")


def can_spread() -> bool:
    """Whether this platform lets several sockets listen on one port (Linux, BSDs, macOS)."""
    return hasattr(socket, "SO_REUSEPORT")


#: Linux's option that attaches a classic BPF program choosing the socket of a ``SO_REUSEPORT`` group.
_ATTACH_REUSEPORT_CBPF = getattr(socket, "SO_ATTACH_REUSEPORT_CBPF", 51)
#: A program's answer past the group's last socket: the kernel then picks by address hash, as with no program.
BY_HASH = 0xFFFFFFFF
#: How long a removed worker is given to accept the connections queued for it before it is stopped, in seconds.
DRAIN_S = 0.5


def steer(sock: socket.socket, index: int) -> bool:
    """Send the new connections of ``sock``'s ``SO_REUSEPORT`` group to its ``index``-th socket (listen order), or
    by address hash again with `BY_HASH`. False where the platform cannot (not Linux, or no classic BPF)."""
    if not sys.platform.startswith("linux"):
        return False
    code = (ctypes.c_ubyte * 8).from_buffer_copy(struct.pack("=HBBI", 0x06, 0, 0, index))  # BPF_RET | BPF_K
    program = struct.pack("@HP", 1, ctypes.addressof(code))  # struct sock_fprog: the kernel copies the code
    try:
        sock.setsockopt(socket.SOL_SOCKET, _ATTACH_REUSEPORT_CBPF, program)
    except OSError:
        return False
    return True


def bind_slots(host: str, port: int, n: int, backlog: int = 2048) -> list[socket.socket]:
    """``n`` sockets bound to ``host:port`` with ``SO_REUSEPORT``, inheritable, listening in slot order.

    Port 0 takes the port the first socket got for all of them. Raises OSError when the address is taken
    by a socket without the option (another program).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    slots: list[socket.socket] = []
    try:
        for _ in range(n):
            sock = socket.socket(family, socket.SOCK_STREAM)
            slots.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host.strip("[]"), port))
            port = sock.getsockname()[1]
            sock.set_inheritable(True)
        for sock in slots:  # after every bind: a port chosen by the kernel is known to all of them
            sock.listen(backlog)  # a connection waits for the slot's worker; the group's order is the slots'
    except OSError:
        for sock in slots:
            sock.close()
        raise
    return slots


#: How long a stopping worker gives a connection it accepted but has read no request from to send one, in seconds.
ACCEPTED_GRACE_S = 0.2


class DrainingServer(Server):
    """uvicorn's server, whose graceful stop serves the connections it accepted just before it stopped accepting.

    uvicorn's shutdown closes every connection with no request under way. One the worker accepted a moment
    before, whose request is still on its way, is then closed unread and its client sees a reset. Workers on
    one shared socket (no ``SO_REUSEPORT``) keep accepting until they stop, so a worker removed by SIGTTOU
    took such connections; on sockets of their own the supervisor steers new connections away first.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # accept no more: the kernel gives queued connections to the other workers
        if any(getattr(c, "cycle", None) is None for c in self.server_state.connections):
            await asyncio.sleep(ACCEPTED_GRACE_S)  # their requests arrive and start, so they are served
        await super().shutdown(sockets)


class CheckedProcess(Process):
    """uvicorn's worker, exiting with ``STARTUP_FAILURE`` on any error before it serves (e.g. the app's import)."""

    @property
    def server(self) -> Server:
        """The worker's server: a `DrainingServer`, made in the worker as uvicorn makes its own."""
        if self._server is None:
            self._server = DrainingServer(config=self.config)
        return self._server

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover - in the worker
        # uvicorn's config.load() lets an ImportError from inside the app's modules through: the worker then
        # exits with 1, which the supervisor takes for a crash and replaces it, forever, on a port that hangs.
        try:
            super().target(sockets)
        except Exception:
            if self.server.started:
                raise  # a crash while serving: replacing the worker may help
            log.exception("Worker [%s] could not start", os.getpid())
            sys.exit(STARTUP_FAILURE)


class SpreadWorkers(Multiprocess):
    """uvicorn's supervisor, with worker slot ``i`` always served on ``slots[i]``."""

    def __init__(self, config: Config, slots: list[socket.socket], start_timeout: float = 120.0):
        if len(slots) != config.workers:
            raise ValueError(f"{config.workers} workers need as many sockets, not {len(slots)}")
        super().__init__(config, sockets=slots[:1])
        self.slots = slots
        # A new worker's window to serve; the health check's (`timeout_worker_healthcheck`) stays for pings.
        self.start_timeout = start_timeout
        self.startup_failed = False  # read by `assistant serve` for its exit status

    def _started(self, slot: int) -> Process:
        process = CheckedProcess(self.config, [self.slots[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        for slot in range(self.processes_num):
            self.processes.append(self._started(slot))

    def restart_all(self) -> None:
        """Replace each worker (SIGHUP), its replacement serving before the old one is stopped (as uvicorn)."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._started(slot)
            if not new.wait_until_ready(self.start_timeout, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    log.error("New worker [%s] was not ready in time; keeping [%s], restart aborted", new.pid, old.pid)
                return
            old.terminate()
            old.join()
            self.processes[slot] = new

    def handle_ttin(self) -> None:
        """SIGTTIN: one more worker, on a slot of its own and checked like the others (uvicorn's is neither)."""
        try:
            sock = self._extra_slot()
        except OSError as exc:
            log.error("Received SIGTTIN, but no socket for another worker (%s); keeping %d", exc, self.processes_num)
            return
        slot = len(self.slots)
        log.info("Received SIGTTIN, adding a worker on slot %d", slot)
        self.slots.append(sock)
        # Committed only once it serves: a worker that cannot start (say, an index rebuilt since) leaves the
        # running ones serving, as a SIGHUP restart does, instead of stopping the server.
        try:
            process = self._started(slot)
            ready = process.wait_until_ready(self.start_timeout, self.should_exit)
        except OSError as exc:  # no process could be started (EAGAIN, EMFILE)
            log.error("SIGTTIN: the new worker could not start (%s); keeping %d", exc, self.processes_num)
            self._drop_last_slot()
            return
        if not ready:
            process.kill()
            process.join()
            log.error(
                "SIGTTIN: the new worker [%s] did not start (exit status %s); keeping %d",
                process.pid,
                process.exitcode,
                self.processes_num,
            )
            self._drop_last_slot()
            return
        self.processes_num += 1
        self.processes.append(process)

    def handle_ttou(self) -> None:
        """SIGTTOU: one worker fewer, never below one; the slot goes with it."""
        if self.processes_num <= 1:
            log.info("Received SIGTTOU, but one worker is the least; keeping it")
            return
        log.info("Received SIGTTOU, removing the worker of slot %d", len(self.slots) - 1)
        self.processes_num -= 1
        process = self.processes.pop()
        leaving, first = self.slots[-1], self.slots[0]
        # The worker holds its socket until it exits: new connections go to slot 0 meanwhile, and the worker
        # accepts the ones already queued for it before it is stopped (a queued connection is reset at close).
        steered = leaving is not first and steer(first, 0)
        if steered:
            time.sleep(DRAIN_S)
        self._drop_last_slot()
        process.terminate()
        process.join()
        if steered:
            steer(first, BY_HASH)

    def _drop_last_slot(self) -> None:
        """Remove the last slot, closing its socket unless the workers share it."""
        sock = self.slots.pop()
        if all(sock is not other for other in self.slots):
            sock.close()

    def _extra_slot(self) -> socket.socket:
        """A new socket on the first slot's address, or the shared socket where the workers share one."""
        first = self.slots[0]
        if not (can_spread() and first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)):
            return first
        host, port = first.getsockname()[:2]
        return bind_slots(host, port, 1, self.config.backlog)[0]

    def keep_subprocess_alive(self) -> None:
        """A worker that died or hangs is replaced on its slot's socket (a startup failure stops the server)."""
        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                # It failed before serving (the app or the socket is broken): a restart would fail the same way.
                log.error("Worker [%s] failed to start, stopping the server", process.pid)
                self.startup_failed = True
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.info("Worker [%s] died; a new one serves its socket", process.pid)
            self.processes[slot] = self._started(slot)
