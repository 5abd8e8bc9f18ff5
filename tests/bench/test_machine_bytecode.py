"""The machine section says whether the package's bytecode is cached (a cold-start cost when it is not)."""

from __future__ import annotations

import sys

from assistant.bench.machine import bytecode_cache


def test_bytecode_cache_reports_the_flag_and_a_count(monkeypatch) -> None:
    """`writes` follows ``sys.dont_write_bytecode``; the count of cached modules is a non-negative integer."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    got = bytecode_cache()
    assert got["writes"] is False
    assert isinstance(got["package_pyc_files"], int) and got["package_pyc_files"] >= 0
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert bytecode_cache()["writes"] is True


def test_bytecode_cache_counts_this_interpreters_files_only(monkeypatch) -> None:
    """Another interpreter's (or version's) pyc files do not count: they would not spare this one the compile."""
    monkeypatch.setattr(sys.implementation, "cache_tag", "nosuch-999")
    assert bytecode_cache()["package_pyc_files"] == 0
    monkeypatch.setattr(sys.implementation, "cache_tag", None)  # an implementation that caches no bytecode
    assert bytecode_cache()["package_pyc_files"] == 0
