"""Storage backends: each implements the interfaces in ``assistant.retrieval.interfaces`` and ``records``.

``local`` keeps a published build as plain files (bm25s, FAISS, JSON) on one machine.
May import everything below retrieval; never the answerer, the service, the API or the UI.
"""
