"""Cited-answer assistant for Japanese government planning documents.

Nothing heavy is imported here: models, indexes and servers are built on demand.
"""

__version__ = "0.1.0"
