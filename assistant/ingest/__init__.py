"""Corpus files in, chunks out: decoding and metadata (``loader``), chunking with provenance (``chunking``).

May import ``assistant.text``, ``assistant.types``, ``assistant.settings``, ``assistant.errors``.
"""
