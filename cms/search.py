"""What every search box on the site shares."""

import re

QUERY_MAX_LENGTH = 200


def search_words(raw, max_length=QUERY_MAX_LENGTH):
    """The words to search for: letters, digits, apostrophes and hyphens only.

    Quotes, brackets, stars... mean something to the full-text engines (an unbalanced
    quote is an error for SQLite's FTS5): they are read as spaces.
    """
    words = re.sub(r"[^\w\s'’-]|_", " ", raw or "")
    return " ".join(words.split())[:max_length]
