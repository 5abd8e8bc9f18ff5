"""``assistant bench``: build time, cold start, in-process and HTTP latency, memory and scale.

Modules:

* `stats` - latency summaries (``p50_ms``, ``p95_ms``, ``p99_ms`` ...);
* `load` - the HTTP load generator (asyncio + httpx), run as ``python -m assistant.bench.load``
  so it never shares the server's process;
* `server` - an ``assistant serve`` subprocess on a free loopback port (cold start, peak RSS);
* `build_worker` - a cold index build in a fresh process (``python -m assistant.bench.build_worker``);
* `inprocess` - engine.search / engine.answer next to the raw BM25 and FAISS calls;
* `synth` - synthetic corpora (the real chunks replicated with perturbations, originals kept);
* `scale` - BM25 + FAISS build, size, latency and recall over the synthetic corpora;
* `options` - the sections and what a run measures; `machine`, `build_section`, `server_sections`
  (cold start, HTTP via `http_run`, memory) - the sections; `questions` - the dev-set questions;
* `runner` - runs the sections and assembles the JSON report; `report` - targets and Markdown.
"""
