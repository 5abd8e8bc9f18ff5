"""The one question analysis: what a question asks (value kinds, answer kind, field), its subject and constraints.

Retrieval, records lookup and the answerer all read the frame built here. May import ``assistant.text`` only.
"""
