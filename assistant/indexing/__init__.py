"""``assistant index build``: corpus -> chunks, embeddings, records -> a backend's published build.

May import ingest, embedding, records and backends; never retrieval's ranking, the answerer or the service.
"""
