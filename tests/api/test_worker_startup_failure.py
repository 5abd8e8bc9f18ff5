"""``assistant serve --workers 2`` whose workers cannot import the app (a missing or broken dependency) exits
non-zero with the traceback instead of replacing its workers forever, on one socket per worker and on one shared
socket (the platforms without ``SO_REUSEPORT``) alike (marker ``integration``)."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from live import free_port, serve_cmd, server_env

pytestmark = pytest.mark.integration

# Loaded by every interpreter of the server (supervisor and workers) from PYTHONPATH. The supervisor never
# imports LangChain, so only the workers fail, as they would on a deployment missing the package.
SITECUSTOMIZE = '''
import os
import socket
import sys


class _Missing:
    """Any import of langchain_core fails, as when the package is missing or broken."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "langchain_core":
            raise ImportError(f"simulated: {name} missing")
        return None


sys.meta_path.insert(0, _Missing())
if os.environ.get("TEST_NO_REUSEPORT") and hasattr(socket, "SO_REUSEPORT"):
    del socket.SO_REUSEPORT  # spread.can_spread() is False: one socket shared by the workers
'''


@pytest.mark.parametrize("shared_socket", [False, True], ids=["socket-per-worker", "shared-socket"])
def test_workers_that_cannot_import_the_app_stop_the_server(real_index_dir, tmp_path, shared_socket) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    env = server_env(real_index_dir, tmp_path / "q.sqlite3", PYTHONPATH=path)
    if shared_socket:
        env["TEST_NO_REUSEPORT"] = "1"
    log = tmp_path / "serve.log"
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(serve_cmd(free_port(), "--workers", "2"), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"still running after 60 s:\n{log.read_text(errors='replace')[-3000:]}")
    text = log.read_text(errors="replace")
    assert code != 0, text[-3000:]
    assert time.monotonic() - started < 30, text[-3000:]
    assert "simulated: langchain_core missing" in text, text[-3000:]  # the workers' traceback is shown
    assert "died; a new one serves its socket" not in text and "Child process" not in text, text[-3000:]
    if shared_socket:
        assert "one socket per worker" not in text, text[-3000:]
