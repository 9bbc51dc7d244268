"""Demo content, one function per section, so later sections extend it without collisions.

Every function is idempotent: it looks pages up by slug and creates only what is missing,
so a second run changes nothing and an editor's changes are never overwritten.
"""
