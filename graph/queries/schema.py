"""The graph's constraints and indexes, each created only when missing."""

from __future__ import annotations

import re

from graph.shapes import SEARCHABLE_LABELS, SHAPES, SHARED_LABELS, CounterpartKey, Rel

FULLTEXT_LABELS = SEARCHABLE_LABELS
FULLTEXT_PROPERTIES = (
    "name_native",
    "name_latin",
    "name_ascii",
    "name_en",
    "name_ru",
    "name_local",
    "title",
    "short_title",
    "title_ru",
    "short_title_ru",
    "acronym",
    "other_names",
)
# Names mostly in Latin letters, and names mostly in Cyrillic (other names mix both).
LATIN_PROPERTIES = ("name_en", "name_latin", "title", "short_title", "acronym", "other_names")
CYRILLIC_PROPERTIES = ("name_ru", "name_native", "name_local", "title_ru", "short_title_ru", "other_names")
# One index per Lucene analyzer: Neo4j gives a full-text index one analyzer, and refuses (silently, with
# IF NOT EXISTS) a second index over the same labels and properties, so the stemming indexes read the names of
# their script. Search asks all three at once.
# The words as written: prefixes, typos and transliterations are matched here, in every name.
FULLTEXT_INDEX = "liaison_search_exact"
# English stems: "cryptocurrency" finds "Cryptocurrencies".
FULLTEXT_INDEX_ENGLISH = "liaison_search_english"
# Russian stems: "криптовалюта" finds "криптовалют".
FULLTEXT_INDEX_RUSSIAN = "liaison_search_russian"
FULLTEXT_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    FULLTEXT_INDEX: ("standard-no-stop-words", FULLTEXT_PROPERTIES),
    FULLTEXT_INDEX_ENGLISH: ("english", LATIN_PROPERTIES),
    FULLTEXT_INDEX_RUSSIAN: ("russian", CYRILLIC_PROPERTIES),
}
# Indexes of earlier versions, dropped so that only the current ones are kept up to date.
RETIRED_INDEXES = ("liaison_names",)


def _fulltext_index(name: str, analyzer: str, properties: tuple[str, ...]) -> str:
    """Create one full-text index over the given names of every searchable label, with one analyzer."""
    return (
        f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{'|'.join(FULLTEXT_LABELS)}) "
        f"ON EACH [{', '.join(f'n.{prop}' for prop in properties)}] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{analyzer}'}}}}"
    )


# One uniqueness constraint per aggregate label: MERGE on uuid is an index seek and never duplicates.
UNIQUE_UUID = [
    f"CREATE CONSTRAINT {shape.label.lower()}_uuid IF NOT EXISTS FOR (n:{shape.label}) REQUIRE n.uuid IS UNIQUE"
    for shape in SHAPES
]
UNIQUE_SHARED = [
    f"CREATE CONSTRAINT {label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
    for label, key in SHARED_LABELS.items()
]

STATEMENTS: list[str] = [
    *UNIQUE_UUID,
    *UNIQUE_SHARED,
    # Countries are asked for by ISO code, topics by slug.
    "CREATE INDEX country_code IF NOT EXISTS FOR (n:Country) ON (n.code)",
    "CREATE INDEX topic_slug IF NOT EXISTS FOR (n:Topic) ON (n.slug)",
    # The counterpart question reads each class of expertise in name order, or by last confirmation, and stops early.
    *(
        f"CREATE INDEX expertise_{key.name.lower()} IF NOT EXISTS FOR ()-[r:{Rel.EXPERT_IN}]-() ON (r.{key})"
        for key in CounterpartKey
    ),
    *(f"DROP INDEX {name} IF EXISTS" for name in RETIRED_INDEXES),
    # Names in every script and their Latin transliteration, for search across spellings and word forms.
    *(_fulltext_index(name, analyzer, properties) for name, (analyzer, properties) in FULLTEXT_INDEXES.items()),
]

# Each constraint and index the statements create, by name, and whether it is a constraint (whose index has its name).
_CREATED = re.compile(r"CREATE (CONSTRAINT|(?:FULLTEXT )?INDEX) (\w+) IF NOT EXISTS")
CREATED: dict[str, bool] = {
    found[2]: found[1] == "CONSTRAINT" for statement in STATEMENTS if (found := _CREATED.match(statement))
}
# The indexes the server has, each with its state and whether a constraint owns it: read before any schema write.
INDEXES_IN_PLACE = (
    "SHOW INDEXES YIELD name, state, owningConstraint RETURN name, state, owningConstraint IS NOT NULL AS constraint"
)

# Wait until every index is online (a fresh full-text index is populated in the background).
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# Drop the full-text indexes (a rebuild fills the graph first and indexes the names once, at the end).
DROP_FULLTEXT_INDEXES = tuple(f"DROP INDEX {name} IF EXISTS" for name in FULLTEXT_INDEXES)
