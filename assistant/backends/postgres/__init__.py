"""The PostgreSQL + pgvector backend: builds, passages, term statistics, vectors, records and the query log
in a database that several API processes share (``ASSISTANT_BACKEND=postgres``).

Modules: `db` (connection pools, reads routed to a replica with fallback to the primary), `schema`
(DDL), `writer` (writes a build), `publication` (publishes and prunes builds), `passages`, `lexical`,
`vectors`, `records`, `querylog`, `assemble` (what the service calls) and `testserver` (a throw-away
server for tests and the bench). May import everything below retrieval; never the answerer, the
service, the API or the UI.
"""
