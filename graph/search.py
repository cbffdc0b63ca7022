"""Search that forgives: names, titles and acronyms in any script, word form or spelling, over full-text indexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import snowballstemmer
from anyascii import anyascii
from neo4j import Driver

from graph.errors import GraphQuestionError
from graph.queries.schema import FULLTEXT_INDEX, FULLTEXT_INDEX_ENGLISH, FULLTEXT_INDEX_RUSSIAN, FULLTEXT_LABELS
from graph.queries.search import NAME_SEARCH
from graph.reads import guarded_read

# Only runs of letters and digits reach Lucene: its operators, quotes, brackets and backslashes never do.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
MAX_TEXT = 200
# Lucene's English analyzer stems by Porter's algorithm, its Russian analyzer by Snowball's Russian one.
ENGLISH_STEMMER = snowballstemmer.stemmer("porter")
RUSSIAN_STEMMER = snowballstemmer.stemmer("russian")
LATIN_WORD = re.compile(r"[a-z0-9]+")
CYRILLIC_WORD = re.compile(r"[а-яё0-9]+")
# Each index offers this many candidates before they are merged, filtered by kind and cut to the limit.
POOL = 100


class Stemmer(Protocol):
    """A Snowball stemmer: reduces a word to its stem."""

    def stemWord(self, word: str) -> str: ...  # the library names it so


@dataclass(frozen=True)
class NameMatch:
    """A record whose name, title or acronym matches the words searched for, with where it belongs."""

    uuid: str
    kind: str
    name: str
    native_name: str | None
    score: float
    name_ru: str | None = None
    acronym: str | None = None
    agency: str | None = None
    agency_ru: str | None = None
    country: str | None = None
    country_ru: str | None = None
    country_code: str | None = None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class LuceneQueries:
    """A Lucene query for each index: words as written, English stems and Russian stems."""

    exact: str
    english: str
    russian: str


def words_of(text: str) -> list[str]:
    """The words of `text`, lower-cased: letters and digits only, at most MAX_WORDS of them."""
    return [word.lower() for word in WORD.findall(text)[:MAX_WORDS]]


def typo_distance(word: str) -> int:
    """How many typos a word of this length may carry and still match: none in short words, where 1 is a lot."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _exact_clauses(word: str) -> list[str]:
    """A word as written (counts most), as a prefix still being typed, and with typos or another Latin spelling."""
    clauses: list[str] = []
    for form in dict.fromkeys(form for form in (word, anyascii(word).lower()) if WORD.fullmatch(form)):
        clauses.append(form)
        if len(form) >= 3:
            clauses.append(f"{form}*")
        if typo_distance(form):
            # Kazakh and Uzbek names have several Latin spellings: Tokayev, Tokaev, Toqaev.
            clauses.append(f"{form}~{typo_distance(form)}")
    return clauses


def _stem_clauses(words: list[str], stemmer: Stemmer, script: re.Pattern[str]) -> str:
    """Words for a stemming index (its analyzer stems them), with typos allowed in the stem of each.

    Lucene does not analyze a fuzzy term, so the stem is computed here, by the Snowball algorithm the index uses.
    """
    clauses: list[str] = []
    for word in words:
        clauses.append(word)
        stem = stemmer.stemWord(word)
        if script.fullmatch(word) and typo_distance(stem):
            clauses.append(f"{stem}~{typo_distance(stem)}")
    return " OR ".join(clauses)


def lucene_queries(text: str) -> LuceneQueries | None:
    """Lucene queries for the words of `text`, one per index; None when it has no letters or digits.

    Several words are also asked for as a phrase, so that a full title finds its event before the topics it names.
    """
    words = words_of(text)
    if not words:
        return None
    exact = [clause for word in words for clause in _exact_clauses(word)]
    if len(words) > 1:
        exact.append(f'"{" ".join(words)}"^20')
    return LuceneQueries(
        exact=" OR ".join(exact),
        english=_stem_clauses(words, ENGLISH_STEMMER, LATIN_WORD),
        russian=_stem_clauses(words, RUSSIAN_STEMMER, CYRILLIC_WORD),
    )


def search_names(driver: Driver, text: str, *, kinds: list[str] | None = None, limit: int = 20) -> list[NameMatch]:
    """Records named like `text` in any script, word form or spelling, best first; nothing for mere punctuation."""
    if len(text) > MAX_TEXT:
        raise GraphQuestionError("text", f"search for at most {MAX_TEXT} characters")
    if not 1 <= limit <= 100:
        raise GraphQuestionError("limit", "ask for between 1 and 100 results")
    unknown = sorted(set(kinds or []) - set(FULLTEXT_LABELS))
    if unknown:
        raise GraphQuestionError("kinds", f"unknown kinds {unknown}; choose from {list(FULLTEXT_LABELS)}")
    queries = lucene_queries(text)
    if queries is None:
        return []
    records = guarded_read(
        driver,
        NAME_SEARCH,
        {
            "exact_index": FULLTEXT_INDEX,
            "english_index": FULLTEXT_INDEX_ENGLISH,
            "russian_index": FULLTEXT_INDEX_RUSSIAN,
            "exact": queries.exact,
            "english": queries.english,
            "russian": queries.russian,
            "pool": POOL,
            "kinds": kinds,
            "limit": limit,
        },
    )
    return [NameMatch(**record.data()) for record in records]
