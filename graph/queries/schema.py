"""The graph's constraints and indexes, each created only when missing."""

from __future__ import annotations

from graph.shapes import SEARCHABLE_LABELS, SHAPES, SHARED_LABELS

FULLTEXT_INDEX = "liaison_names"
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
    # Names in every script and their Latin transliteration, for search across spellings.
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{'|'.join(FULLTEXT_LABELS)}) "
    f"ON EACH [{', '.join(f'n.{name}' for name in FULLTEXT_PROPERTIES)}]",
]

# Wait until every index is online (a fresh full-text index is populated in the background).
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# Drop the full-text index (a rebuild fills the graph first and indexes the names once, at the end).
DROP_FULLTEXT_INDEX = f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS"
