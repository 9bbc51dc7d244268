"""Demo content: data files (data/*.yaml) read by one loader module per section.

Every loader is idempotent: it looks pages up by slug and creates only what is missing,
so a second run changes nothing and an editor's changes are never overwritten.
"""
