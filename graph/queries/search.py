"""The search box's Cypher: names, titles, acronyms and word forms, over the three full-text indexes."""

from __future__ import annotations

# Which records are named like this, in any script, spelling or word form, and where is each (agency, country)?
# Each index answers the Lucene query made for it; a record found by several adds up its scores (found as written
# and by its stem is a better match than either).
NAME_SEARCH = """
CALL () {
  CALL db.index.fulltext.queryNodes($exact_index, $exact, {limit: $pool}) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes($english_index, $english, {limit: $pool}) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes($russian_index, $russian, {limit: $pool}) YIELD node, score
  RETURN node, score
}
WITH node, sum(score) AS score
WHERE $kinds IS NULL OR labels(node)[0] IN $kinds
WITH node, score ORDER BY score DESC, node.uuid LIMIT $limit
OPTIONAL MATCH (node)-[:WORKS_AT]->(agency:Agency)
OPTIONAL MATCH (node)-[:HELD_IN]->(city:City)
WITH node, score, agency, coalesce(agency, city, node) AS placed
OPTIONAL MATCH (placed)-[:IN_COUNTRY|BASED_IN]->(country:Country)
RETURN node.uuid AS uuid, labels(node)[0] AS kind,
       coalesce(node.name_latin, node.name_en, node.short_title, node.title) AS name,
       coalesce(node.name_native, node.name_local, node.name_ru, node.short_title_ru, node.title_ru) AS native_name,
       coalesce(node.name_ru, node.short_title_ru, node.title_ru) AS name_ru,
       node.acronym AS acronym,
       agency.name_en AS agency, agency.name_ru AS agency_ru,
       country.code AS country_code, country.name_en AS country, country.name_ru AS country_ru,
       score
ORDER BY score DESC, uuid
"""
