"""Is the published index current for the corpus on disk? Decided from size and mtime, hashing only what changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from assistant.ingest.loader import corpus_files, load_document


def file_stat(path: Path) -> dict[str, int]:
    """What the manifest records of a corpus file besides its hash, to skip re-reading it at start-up."""
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def corpus_hashes_on_disk(
    corpus_dir: Path, manifest: dict[str, Any] | None = None, max_bytes: int | None = None
) -> dict[str, str]:
    """sha256 of every readable corpus file, taken from ``manifest`` when the file's size and mtime are unchanged.

    A large corpus then costs one ``stat`` per file at each start, not a full read. Files over
    ``max_bytes`` are skipped, as the build skips them.
    """
    built = (manifest or {}).get("corpus", {})
    hashes = {}
    for path in corpus_files(corpus_dir):
        known = built.get(path.name, {})
        if known.get("sha256") and "size" in known and known.get("size", -1) >= 0:
            try:
                if file_stat(path) == {"size": known["size"], "mtime_ns": known.get("mtime_ns")}:
                    hashes[path.name] = known["sha256"]
                    continue
            except OSError:
                continue
        try:
            load_document(path, max_bytes=max_bytes)  # unreadable files are not in the index either
        except Exception:  # noqa: BLE001 - the loader reports them at build time
            continue
        hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes
