"""Text shared by build and query time: NFKC normalisation with OCR repairs, and the one tokeniser.

May import only ``assistant.settings`` and ``assistant.errors``.
"""
