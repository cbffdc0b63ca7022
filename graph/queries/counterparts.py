"""The counterpart question: the plan that reads the best candidates first, and the straightforward reference."""

from __future__ import annotations

# Where to look and what the asker brings: the home country, the target countries, the topic, the asker's events
# and acquaintances, gathered once. An argument not given is $no_uuid or $no_code, never null (graph/questions.py).
_WHERE_AND_WHO = """
CALL () {
  OPTIONAL MATCH (:Officer {uuid: $officer})-[:WORKS_AT]->(:Agency)-[:IN_COUNTRY]->(officer_country:Country)
  OPTIONAL MATCH (:Agency {uuid: $agency})-[:IN_COUNTRY]->(agency_country:Country)
  OPTIONAL MATCH (given_country:Country {code: $country})
  RETURN coalesce(officer_country, agency_country, given_country) AS home
}
CALL (home) {
  MATCH (target:Country)
  WHERE CASE $scope
          WHEN 'neighbours' THEN EXISTS { (home)-[:BORDERS]-(target) }
          WHEN 'country' THEN target.code = $target_country
          ELSE true
        END
  RETURN collect(target.code) AS targets
}
MATCH (topic:Topic {uuid: $topic})
OPTIONAL MATCH (me:Officer {uuid: $officer})
// What the asking officer brings, gathered once: their events and their acquaintances.
WITH targets, topic, me,
     [(me)-[:ATTENDED]->(event:Event) | event] AS my_events,
     [(me)-[:KNOWS]-(friend:Officer) | friend] AS my_friends
"""

# Every candidate's best fit, from every expertise in the topic or beneath it (the reference reads every candidate).
_EVERY_CANDIDATE = """MATCH (known:Topic)-[:SUBTOPIC_OF*0..]->(topic)
MATCH (candidate:Officer)-[skill:EXPERT_IN]->(known)
WHERE candidate.country IN targets
  AND ($officer = $no_uuid OR candidate.uuid <> $officer)
  AND ($language = $no_code OR EXISTS { (candidate)-[:SPEAKS]->(:Language {code: $language}) })
"""


def _class_facts(level: str, verified: str, stale: str) -> str:
    """The facts of a class of expertise, as the ranking counts them, from Cypher expressions for its level (of the
    expertise in `known`), whether the officer is verified and whether stale; one text, so every score agrees."""
    return (
        f"{{expertise: {level} * CASE WHEN known = topic THEN 1.0 ELSE $narrower_topic_share END, "
        f"unverified: CASE WHEN {verified} THEN 0 ELSE 1 END, stale: CASE WHEN {stale} THEN 1 ELSE 0 END}}"
    )


# An officer's own trust marks, as the facts take them: both moments are ISO texts in UTC, which sort as the moments do.
_VERIFIED = "coalesce({officer}.verified, false)"
_STALE = "coalesce({officer}.last_confirmed_at, '') < $stale_before"

# A score from the facts of each factor of the ranking (`facts`, keyed by reason kind), to two decimals.
_SCORE_OF_FACTS = (
    "round(reduce(total = 0.0, kind IN keys($points) | total + $points[kind] * coalesce(facts[kind], 0)), 2)"
)

# The ranking and the description of the chosen few, from each candidate's best fit.
_RANK_AND_DESCRIBE = (
    """WITH candidate, topic, my_events, my_friends,
     max(skill.level * CASE WHEN known = topic THEN 1.0 ELSE $narrower_topic_share END) AS fit
WITH candidate, topic, fit, my_friends,
     [(candidate)-[:ATTENDED]->(event:Event) WHERE event IN my_events | event] AS shared,
     [(candidate)-[:KNOWS]-(mutual:Officer) WHERE mutual IN my_friends | mutual.uuid] AS mutual_acquaintances
// One fact per factor of the ranking, keyed by the reason kind that explains it.
WITH candidate, topic, my_friends, shared, mutual_acquaintances,
     {expertise: fit, shared_event: size(shared), mutual_acquaintance: size(mutual_acquaintances),
      unverified: CASE WHEN """
    + _VERIFIED.format(officer="candidate")
    + """ THEN 0 ELSE 1 END,
      stale: CASE WHEN """
    + _STALE.format(officer="candidate")
    + """ THEN 1 ELSE 0 END,
      // Kept in the database, not the graph: the share of unanswered requests, counted at question time.
      unanswered: coalesce($unanswered[candidate.uuid], 0)} AS facts
WITH candidate, topic, my_friends, shared, mutual_acquaintances, facts,
     // Rounded before ranking: equal scores as shown (19.0 and 19.0) tie exactly and go by name, whatever the limit.
     """
    + _SCORE_OF_FACTS
    + """ AS score
ORDER BY score DESC, candidate.name_latin, candidate.uuid
LIMIT $limit
MATCH (candidate)-[:WORKS_AT]->(agency:Agency)
// The shared events' cities, looked up apart: a pattern inside the list of events below cost a 50-officer answer a
// fifth more database hits and 1-2 ms, where its officers share one or two events in all (bench/RESULTS.md).
WITH candidate, agency, score, facts, mutual_acquaintances, topic, my_friends, shared,
     COLLECT {
       UNWIND shared AS event
       MATCH (event)-[:HELD_IN]->(city:City)
       RETURN {event: event, city: city.name_en} AS held
     } AS cities
// Only the chosen few are described in full.
RETURN candidate.uuid AS officer, agency.uuid AS agency, candidate.country AS country, score,
       facts, mutual_acquaintances,
       [(candidate)-[skill:EXPERT_IN]->(known:Topic) WHERE EXISTS { (known)-[:SUBTOPIC_OF*0..]->(topic) } |
          {topic: known.uuid, name: known.name_en, level: skill.level, narrower: known <> topic}] AS expertise,
       candidate IN my_friends AS already_known,
       [event IN shared | event {.uuid, .title, .short_title, .starts_on,
          city: head([held IN cities WHERE held.event = event | held.city])}] AS shared_events,
       [(candidate)-[:SPEAKS]->(language:Language) | language.code] AS languages
ORDER BY score DESC, candidate.name_latin, candidate.uuid
"""
)

# How many expertise links the graph holds, which says which of the two plans below costs less; from the count store.
EXPERTISE_LINKS = "MATCH ()-[link:EXPERT_IN]->() RETURN count(link) AS links"

# The straightforward plan, kept as the reference the counterpart plan must agree with (its test and the bench):
# every expert on the topic in the chosen countries is scored, then the best are kept.
COUNTERPARTS_REFERENCE = _WHERE_AND_WHO + _EVERY_CANDIDATE + _RANK_AND_DESCRIBE

# Who, in the chosen countries, knows a topic (or one of its sub-topics), optionally speaking a language?
# Ranked by the points of each fact the ranking counts ($points, per reason kind: answers/ranking.py), with the facts;
# $unanswered holds, by officer uuid, the share of requests users said went unanswered (only where it counts).
#
# The same answers as COUNTERPARTS_REFERENCE without scoring every expert (docs/decisions/0024). Only the asker's
# neighbourhood (attendees of their events, their acquaintances' acquaintances) can earn points beyond fit and trust,
# and only officers with unanswered requests lose points for them. Everyone else scores the fit and trust of one
# class of expertise (topic, country, level, verified, stale) and, within it, ranks by name; each EXPERT_IN link
# carries its class and the officer's name as one key (graph/snapshots.py), so a class is read in name order from an
# index. Classes are read best score first and reading stops at $limit officers: the answer costs what it shows, not
# the thousands of experts behind it. The neighbourhood is scored in full, and so are the officers with unanswered
# requests in the classes that score above the lowest of those $limit (in every class, when fewer were found): one
# in a class at or below it ends below them. The bonuses must not be negative, nor the unanswered requests' points
# positive (graph/questions.py).
COUNTERPARTS = (
    _WHERE_AND_WHO
    + """// The topic and every topic beneath it, once each.
WITH targets, topic, me, my_events, my_friends,
     COLLECT { MATCH (known:Topic)-[:SUBTOPIC_OF*0..]->(topic) RETURN DISTINCT known } AS closure,
     keys($unanswered) AS unanswered
// Every class of expertise with the score its officers have, apart from the asker's neighbourhood and unanswered
// requests: in groups of one score, best first.
CALL (targets, topic, closure) {
  UNWIND closure AS known
  UNWIND $levels AS level
  UNWIND [true, false] AS verified
  UNWIND [false, true] AS stale
  WITH known, level, verified, stale, """
    + _class_facts("level", "verified", "stale")
    + """ AS facts
  UNWIND targets AS country
  WITH """
    + _SCORE_OF_FACTS
    + """ AS score,
       known.uuid + $separator + country + $separator + toString(level) + $separator +
         CASE WHEN verified THEN '1' ELSE '0' END + $separator AS prefix, stale
  // A class's officers confirmed since the cutoff, or not: a range of its confirmation key.
  WITH score, {prefix: prefix,
               from: CASE WHEN stale THEN prefix ELSE prefix + $stale_before END,
               to: CASE WHEN stale THEN prefix + $stale_before ELSE prefix + $last END} AS class
  WITH score, collect(class) AS classes
  ORDER BY score DESC
  RETURN collect({score: score, classes: classes}) AS groups
}
CALL (groups, me, unanswered) {
  UNWIND groups AS group
  CALL (group, me, unanswered) {
    UNWIND group.classes AS class
    CALL (class) {
      MATCH ()-[r:EXPERT_IN]->()
      USING INDEX SEEK r:EXPERT_IN(counterpart_by_confirmation)
      WHERE r.counterpart_by_confirmation >= class.from AND r.counterpart_by_confirmation < class.to
      WITH r LIMIT $sparse + 1
      RETURN count(r) AS found
    }
    // Each way reads with bounds that are null when the other way is taken: a seek for null finds nothing, where a
    // condition beside the seek would be checked only after it (the planner moves it there). Seeks are asked for by
    // name: on a small graph the planner has preferred scanning the whole index and filtering.
    WITH class, me, unanswered,
         CASE WHEN found <= $sparse THEN class.from END AS few_from,
         CASE WHEN found > $sparse THEN class.prefix END AS many_prefix
    CALL (class, few_from, many_prefix, me, unanswered) {
      // Few: all of them, from the confirmation key, put in name order here.
      MATCH (candidate)-[r:EXPERT_IN]->()
      USING INDEX SEEK r:EXPERT_IN(counterpart_by_confirmation)
      WHERE r.counterpart_by_confirmation >= few_from AND r.counterpart_by_confirmation < class.to
        AND (me IS NULL OR candidate <> me)
        AND (size(unanswered) = 0 OR NOT candidate.uuid IN unanswered)
        AND ($language = $no_code OR EXISTS { (candidate)-[:SPEAKS]->(:Language {code: $language}) })
      RETURN candidate, r.counterpart_by_name AS name_order
      ORDER BY name_order
      LIMIT $limit
      UNION ALL
      // Many: in name order from the index, skipping the other half of the class, until enough are found.
      MATCH (candidate)-[r:EXPERT_IN]->()
      USING INDEX SEEK r:EXPERT_IN(counterpart_by_name)
      WHERE r.counterpart_by_name STARTS WITH many_prefix
        AND r.counterpart_by_confirmation >= class.from AND r.counterpart_by_confirmation < class.to
        AND (me IS NULL OR candidate <> me)
        AND (size(unanswered) = 0 OR NOT candidate.uuid IN unanswered)
        AND ($language = $no_code OR EXISTS { (candidate)-[:SPEAKS]->(:Language {code: $language}) })
      RETURN candidate, r.counterpart_by_name AS name_order
      ORDER BY name_order
      LIMIT $limit
    }
    // Classes of one score tie: together they go by name.
    WITH DISTINCT candidate
    ORDER BY candidate.name_latin, candidate.uuid
    LIMIT $limit
    RETURN candidate
  }
  // Rows keep the order of the groups' scores, so the first officer seen is seen at their best class; the limit
  // stops the reading of further classes.
  WITH DISTINCT candidate
  LIMIT $limit
  RETURN collect(candidate) AS best
}
// The lowest class score among the best: at least $limit officers score that much or more (needed only to look for
// officers with unanswered requests).
CALL (best, topic, closure, unanswered) {
  UNWIND CASE WHEN size(unanswered) = 0 THEN [] ELSE best END AS officer
  MATCH (officer)-[skill:EXPERT_IN]->(known)
  WHERE known IN closure
  WITH officer, """
    + _class_facts("skill.level", _VERIFIED.format(officer="officer"), _STALE.format(officer="officer"))
    + """ AS facts
  WITH officer, max("""
    + _SCORE_OF_FACTS
    + """) AS score
  RETURN min(score) AS lowest
}
WITH targets, topic, me, my_events, my_friends, closure, unanswered, groups, best,
     CASE WHEN size(best) < $limit THEN null ELSE lowest END AS floor
WITH targets, topic, my_events, my_friends, closure, best,
     COLLECT {
       UNWIND my_events AS event
       MATCH (event)<-[:ATTENDED]-(other:Officer)
       RETURN other
       UNION
       UNWIND my_friends AS friend
       MATCH (friend)-[:KNOWS]-(other:Officer)
       RETURN other
     } AS neighbourhood,
     // Unanswered requests only take points away: an officer with some can rank among the best only from a class
     // scoring above the floor (or from any class, when fewer than $limit were found). Those classes were read
     // whole above, so this reads them again, not the thousands of experts in lower ones.
     COLLECT {
       UNWIND CASE WHEN size(unanswered) = 0 THEN [] ELSE groups END AS group
       WITH group
       WHERE floor IS NULL OR group.score > floor
       UNWIND group.classes AS class
       MATCH (other)-[r:EXPERT_IN]->()
       USING INDEX SEEK r:EXPERT_IN(counterpart_by_confirmation)
       WHERE r.counterpart_by_confirmation >= class.from AND r.counterpart_by_confirmation < class.to
         AND other.uuid IN unanswered
       RETURN DISTINCT other
     } AS penalised
UNWIND best + neighbourhood + penalised AS candidate
WITH DISTINCT targets, topic, my_events, my_friends, closure, candidate
MATCH (candidate)-[skill:EXPERT_IN]->(known)
WHERE known IN closure
  AND candidate.country IN targets
  AND ($officer = $no_uuid OR candidate.uuid <> $officer)
  AND ($language = $no_code OR EXISTS { (candidate)-[:SPEAKS]->(:Language {code: $language}) })
"""
    + _RANK_AND_DESCRIBE
)
