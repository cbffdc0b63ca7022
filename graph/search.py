"""Name search across scripts and spellings, over the full-text index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from django.conf import settings
from neo4j import Driver, RoutingControl

from graph.errors import GraphQuestionError
from graph.queries.questions import NAME_SEARCH
from graph.queries.schema import FULLTEXT_INDEX, FULLTEXT_LABELS

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


@dataclass(frozen=True)
class NameMatch:
    """A record whose name matches the words searched for."""

    uuid: str
    kind: str
    name: str
    native_name: str | None
    score: float


def lucene_query(text: str) -> str:
    """A Lucene query for the words of `text`: each word as typed, transliterated, by prefix and fuzzily.

    Only letters and digits reach Lucene, so quotes, operators and Cypher fragments match nothing special.
    """
    words = WORD.findall(text)[:MAX_WORDS]
    clauses: list[str] = []
    for word in words:
        forms = dict.fromkeys(form.lower() for form in (word, anyascii(word)) if form and WORD.fullmatch(form))
        for form in forms:
            clauses.append(form)
            if len(form) >= 3:
                clauses.append(f"{form}*")
            if len(form) >= 4 and form.isascii():
                # Kazakh and Uzbek names have several Latin spellings: Tokayev, Tokaev, Toqaev.
                clauses.append(f"{form}~{1 if len(form) < 7 else 2}")
    return " OR ".join(clauses)


def search_names(driver: Driver, text: str, *, kinds: list[str] | None = None, limit: int = 20) -> list[NameMatch]:
    """Records named like `text` in any script, best first; nothing for text without letters or digits."""
    if len(text) > 200:
        raise GraphQuestionError("text", "search for at most 200 characters")
    if not 1 <= limit <= 100:
        raise GraphQuestionError("limit", "ask for between 1 and 100 results")
    unknown = sorted(set(kinds or []) - set(FULLTEXT_LABELS))
    if unknown:
        raise GraphQuestionError("kinds", f"unknown kinds {unknown}; choose from {list(FULLTEXT_LABELS)}")
    lucene = lucene_query(text)
    if not lucene:
        return []
    records, _, _ = driver.execute_query(
        NAME_SEARCH,
        index=FULLTEXT_INDEX,
        lucene=lucene,
        kinds=kinds,
        limit=limit,
        routing_=RoutingControl.READ,
        database_=settings.NEO4J_DATABASE,
    )
    return [NameMatch(**record.data()) for record in records]
