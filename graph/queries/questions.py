"""The graph questions officers and programme staff ask: one parameterised round trip each."""

from __future__ import annotations

from graph.queries.counterparts import COUNTERPARTS, COUNTERPARTS_REFERENCE, EXPERTISE_LINKS
from graph.shapes import SHAPES

__all__ = [
    "COUNTERPARTS",
    "COUNTERPARTS_REFERENCE",
    "COVERAGE",
    "COVERAGE_GAPS",
    "EXPERTISE_LINKS",
    "INTRODUCTION_PATHS",
    "NEIGHBOURHOOD",
]

# How could one officer be introduced to another? The shortest chains of officers, each knowing the next or having
# attended an event with them: fewest steps first, then the most acquaintances (a stronger link than an event).
# Each end's neighbours are gathered once and chains are met in the middle; a longer chain is looked for only
# when there is no shorter one.
INTRODUCTION_PATHS = """
// Both ends by their uuid index, always: a planner left to choose has scanned every officer (807 db hits at 800).
MATCH (start:Officer {uuid: $from_officer})
USING INDEX start:Officer(uuid)
MATCH (goal:Officer {uuid: $to_officer})
USING INDEX goal:Officer(uuid)
WHERE start <> goal
  // An officer with no acquaintance and no event has no chain to anyone: stop before exploring the other end,
  // whose neighbourhood may be large (bench/RESULTS.md, "Bounded graph work").
  AND EXISTS { (start)-[:KNOWS|ATTENDED]-() } AND EXISTS { (goal)-[:KNOWS|ATTENDED]-() }
WITH start, goal,
     COLLECT {
       MATCH (start)-[:KNOWS]-(near:Officer) RETURN near
       UNION
       MATCH (start)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(near:Officer) WHERE near <> start RETURN near
     } AS near_start,
     COLLECT {
       MATCH (goal)-[:KNOWS]-(near:Officer) RETURN near
       UNION
       MATCH (goal)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(near:Officer) WHERE near <> goal RETURN near
     } AS near_goal
WITH start, goal, near_start, near_goal,
     CASE WHEN goal IN near_start THEN [[start, goal]]
          WHEN $max_hops >= 2 THEN [middle IN near_start WHERE middle IN near_goal | [start, middle, goal]]
          ELSE [] END AS chains
CALL (start, goal, near_start, near_goal, chains) {
  WITH * WHERE $max_hops >= 3 AND size(chains) = 0 AND size(near_start) > 0 AND size(near_goal) > 0
  UNWIND near_start AS first
  UNWIND near_goal AS last
  WITH start, goal, first, last
  WHERE first <> goal AND last <> start AND first <> last
    AND (EXISTS { (first)-[:KNOWS]-(last) } OR EXISTS { (first)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(last) })
  RETURN collect([start, first, last, goal]) AS three
}
CALL (start, goal, near_start, near_goal, chains, three) {
  WITH * WHERE $max_hops >= 4 AND size(chains) + size(three) = 0 AND size(near_start) > 0 AND size(near_goal) > 0
  UNWIND near_start AS first
  CALL (first) {
    MATCH (first)-[:KNOWS]-(middle:Officer) RETURN middle
    UNION
    MATCH (first)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(middle:Officer) RETURN middle
  }
  WITH start, goal, near_goal, first, middle
  WHERE first <> goal AND NOT middle IN [start, goal, first]
  UNWIND near_goal AS last
  WITH start, goal, first, middle, last
  WHERE NOT last IN [start, first, middle]
    AND (EXISTS { (middle)-[:KNOWS]-(last) } OR EXISTS { (middle)-[:ATTENDED]->(:Event)<-[:ATTENDED]-(last) })
  RETURN collect(DISTINCT [start, first, middle, last, goal]) AS four
}
UNWIND chains + three + four AS chain
CALL (chain) {
  UNWIND range(0, size(chain) - 2) AS step
  WITH step, chain[step] AS here, chain[step + 1] AS next
  // An acquaintance is the stronger link; else the latest event both attended.
  OPTIONAL CALL (here, next) {
    MATCH (here)-[known:KNOWS]-(next)
    RETURN known LIMIT 1
  }
  OPTIONAL CALL (here, next, known) {
    WITH * WHERE known IS NULL
    MATCH (here)-[:ATTENDED]->(together:Event)<-[:ATTENDED]-(next)
    RETURN together ORDER BY together.starts_on DESC, together.uuid LIMIT 1
  }
  WITH step, here, next, known,
       coalesce(together, head(COLLECT { MATCH (met:Event {uuid: known.event}) RETURN met })) AS event
  ORDER BY step
  RETURN collect({from: here.uuid, to: next.uuid, knows: known IS NOT NULL, source: known.source,
                  event: event {.uuid, .title, .short_title, .starts_on,
                                city: head([(event)-[:HELD_IN]->(city:City) | city.name_en])}}) AS hops
}
WITH chain, hops, size([hop IN hops WHERE hop.knows]) AS acquaintances
ORDER BY size(chain), acquaintances DESC, [officer IN chain | officer.name_latin]
LIMIT $limit
RETURN [officer IN chain | officer.uuid] AS officers, hops
"""

# Which partner covers which country on which topic, as stated (a topic's coverage includes its broader topics'
# partners; a steward's exclusion is not coverage).
COVERAGE = """
MATCH (coverage:Coverage)-[:BY]->(organisation:Organisation),
      (coverage)-[:FOR_COUNTRY]->(country:Country),
      (coverage)-[:ON_TOPIC]->(topic:Topic)
WHERE NOT coalesce(coverage.excluded, false)
  AND ($countries IS NULL OR country.code IN $countries)
  AND ($topic IS NULL OR EXISTS { (:Topic {uuid: $topic})-[:SUBTOPIC_OF*0..]->(topic) }
                      OR EXISTS { (topic)-[:SUBTOPIC_OF*0..]->(:Topic {uuid: $topic}) })
RETURN coverage.uuid AS coverage, organisation.uuid AS organisation, organisation.name_en AS organisation_name,
       country.code AS country, topic.uuid AS topic, topic.name_en AS topic_name
ORDER BY country, topic_name, organisation_name
"""

# A steward's exclusion of the partner on the cell's topic (or a broader one) takes its coverage there back, stated or
# through training: one rule for both kinds of source in COVERAGE_GAPS.
_NOT_EXCLUDED = """  WHERE NOT EXISTS {
    MATCH (country)<-[:FOR_COUNTRY]-(denial:Coverage {excluded: true})-[:BY]->(organisation)
    MATCH (denial)-[:ON_TOPIC]->(:Topic)<-[:SUBTOPIC_OF*0..]-(subject)
    WHERE subject = CASE WHEN link.narrower THEN link.on ELSE link.topic END
  }
"""

# For each country and topic: every partner that covers it, or one of its sub-topics, and where that comes from
# (stated, or trained at an event the country's officers attended), and how many officers trained on it.
# Coverage of a broader topic covers the topic; coverage of a narrower one covers it partly. A steward's exclusion
# of a partner on a topic (or a broader one) takes back both kinds for that partner there.
# The answer is gathered as rows of three kinds, each piece of work done once for the whole question (bench/RESULTS.md,
# 2026-12-05: the whole matrix at 100,000 officers took 11.3 s when each cell checked each event's attendees again):
# every cell; each source of coverage, stated or through an event's training (each event's attendees' homes found
# once); and each cell's trained officers (each officer's home found once). Then they are grouped by cell.
COVERAGE_GAPS = (
    """
MATCH (topic:Topic)
WHERE $topics IS NULL OR topic.uuid IN $topics
WITH collect(topic) AS asked
CALL () {
  MATCH (country:Country)
  WHERE CASE WHEN $countries IS NULL THEN EXISTS { (country)<-[:IN_COUNTRY]-(:Agency) }
             ELSE country.code IN $countries END
  RETURN collect(country) AS countries
}
// What counts for each asked topic: coverage of itself or of a broader topic in full, of a narrower one in part.
CALL (asked) {
  UNWIND asked AS topic
  MATCH (topic)-[:SUBTOPIC_OF*0..]->(on:Topic)
  RETURN topic, on, false AS narrower
  UNION
  UNWIND asked AS topic
  MATCH (topic)<-[:SUBTOPIC_OF*1..]-(on:Topic)
  RETURN topic, on, true AS narrower
}
WITH asked, countries, collect({topic: topic, on: on, narrower: narrower}) AS counted
CALL (asked, countries, counted) {
  // Every cell, even one nothing covers.
  UNWIND countries AS country
  UNWIND asked AS topic
  RETURN country, topic, null AS source, 0 AS trained
  UNION ALL
  // Coverage as stated.
  UNWIND counted AS link
  WITH link, link.on AS on
  MATCH (on)<-[:ON_TOPIC]-(coverage:Coverage)-[:FOR_COUNTRY]->(country:Country)
  WHERE country IN countries AND NOT coalesce(coverage.excluded, false)
  MATCH (coverage)-[:BY]->(organisation:Organisation)
  WITH country, link, organisation
"""
    + _NOT_EXCLUDED
    + """  RETURN country, link.topic AS topic,
         {organisation: organisation.uuid, topic: link.on.uuid, event: null, narrower: link.narrower} AS source,
         0 AS trained
  UNION ALL
  // Coverage through training: each event about a topic that counts, with the homes of its attendees.
  UNWIND counted AS link
  WITH link, link.on AS on
  MATCH (on)<-[:ABOUT]-(event:Event)
  WHERE EXISTS { (event)-[:TRAINED_BY]->(:Organisation) }
  WITH event, collect(link) AS links
  WITH event, links,
       COLLECT { MATCH (event)-[:TRAINED_BY]->(organisation:Organisation) RETURN organisation } AS trainers,
       COLLECT {
         MATCH (event)<-[:ATTENDED]-(:Officer)-[:WORKS_AT]->(:Agency)-[:IN_COUNTRY]->(home:Country)
         WHERE home IN countries
         RETURN DISTINCT home
       } AS homes
  UNWIND homes AS country
  UNWIND trainers AS organisation
  UNWIND links AS link
  WITH country, link, organisation, event
"""
    + _NOT_EXCLUDED
    + """  RETURN country, link.topic AS topic,
         {organisation: organisation.uuid, topic: link.on.uuid, event: event.uuid, narrower: link.narrower} AS source,
         0 AS trained
  UNION ALL
  // Who trained on each asked topic (or a narrower one): gathered from the topic's events, never from all of a
  // country's officers, so a topic no event was about costs nothing.
  UNWIND asked AS topic
  MATCH (topic)<-[:SUBTOPIC_OF*0..]-(:Topic)<-[:ABOUT]-(event:Event)
  WITH event, collect(DISTINCT topic) AS topics
  MATCH (event)<-[:ATTENDED]-(officer:Officer)
  WITH officer, collect(topics) AS topic_lists
  MATCH (officer)-[:WORKS_AT]->(:Agency)-[:IN_COUNTRY]->(country:Country)
  WHERE country IN countries
  UNWIND topic_lists AS topics
  UNWIND topics AS topic
  WITH country, topic, count(DISTINCT officer) AS trained
  RETURN country, topic, null AS source, trained
}
WITH country, topic, collect(DISTINCT source) AS sources, sum(trained) AS trained_officers
RETURN country.code AS country, topic.uuid AS topic, topic.name_en AS topic_name, sources, trained_officers
ORDER BY country, topic_name
"""
)


def _neighbourhood(label: str) -> str:
    """The nodes and links within `depth` (1 or 2) steps of one node, bounded in paths."""
    # Direct links first, so the bound never crowds one out; each step stops at the bound, so the work is that of
    # the paths returned, not of every path there is (one topic alone reaches thousands of officers in two steps).
    return f"""
MATCH (start:{label} {{uuid: $uuid}})
CALL (start) {{
  MATCH path = (start)--()
  RETURN path LIMIT $max_paths
}}
WITH start, collect(path) AS direct
CALL (start, direct) {{
  // A language is an end, never a way through (everyone else who speaks Russian is no relation).
  WITH * WHERE $depth = 2 AND size(direct) < $max_paths
  MATCH path = (start)--(step)--()
  WHERE NOT step:Language
  WITH path LIMIT $max_paths
  RETURN collect(path) AS further
}}
UNWIND direct + further[..$max_paths - size(direct)] AS path
UNWIND relationships(path) AS link
WITH DISTINCT link
WITH startNode(link) AS head, endNode(link) AS tail, type(link) AS type
RETURN coalesce(head.uuid, head.code) AS source, labels(head)[0] AS source_kind,
       coalesce(head.name_latin, head.name_en, head.short_title, head.title, head.name, head.code) AS source_name,
       type,
       coalesce(tail.uuid, tail.code) AS target, labels(tail)[0] AS target_kind,
       coalesce(tail.name_latin, tail.name_en, tail.short_title, tail.title, tail.name, tail.code) AS target_name
"""


# Per aggregate: the bounded neighbourhood of one of its nodes, for the network view.
NEIGHBOURHOOD: dict[str, str] = {shape.aggregate: _neighbourhood(shape.label) for shape in SHAPES}
