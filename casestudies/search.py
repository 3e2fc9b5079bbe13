"""The words of a search, as both databases read them.

PostgreSQL matches a weighted search vector (migration 0002) with its web-search syntax; SQLite,
the embedded default, looks for each word in the text itself. Both leave out what says nothing
about a case study. ``CaseStudyQuerySet.search`` is the one place that searches.
"""

import re

SEARCH_CONFIG = "english"
# PostgreSQL's configurations for the case studies' translations: each language's own stemming,
# accents ignored (migration casestudies 0020).
TRANSLATION_SEARCH_CONFIGS = {"fr": "french_unaccent", "es": "spanish_unaccent", "pt": "portuguese_unaccent"}
MAX_QUERY_LENGTH = 200
MAX_SEARCH_WORDS = 10
# Words that say nothing about a case study.
COMMON_WORDS = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def clean_search_text(text):
    """Control characters out (PostgreSQL refuses NUL bytes), whitespace collapsed."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def search_words(text):
    """The words of a search, as the embedded database looks for them: punctuation and quotes
    dropped, common words and single letters left out."""
    words = [word for word in re.findall(r"\w+", text) if len(word) > 1 and word.lower() not in COMMON_WORDS]
    return list(dict.fromkeys(words))[:MAX_SEARCH_WORDS]
