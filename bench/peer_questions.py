"""bench/peer_graphql.py's three questions in each side's GraphQL, and the check that both name the same officers."""

from __future__ import annotations

from typing import Any

# (a) officers of a country with expertise in a topic (sub-topics included), with agency and languages, first 50
# by name; (b) one officer with agency, country, expertise and events; (c) the counterpart question.
LIAISON = {
    "a": """query Listing($country: String!, $topic: String!) {
  officers(country: $country, topic: $topic, first: 50, order: NAME) {
    edges { node { uuid nameLatin nameNative position agency { nameEn } languages { code } } }
  }
}""",
    "b": """query Profile($uuid: ID!) {
  officer(uuid: $uuid) {
    uuid nameLatin nameNative position
    agency { nameEn country { code nameEn } }
    expertise { level topic { uuid nameEn } }
    participations { role event { uuid title startsOn } }
  }
}""",
    "c": """query Counterparts($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: NEIGHBOURS, limit: $limit) {
    score countryCode
    officer { uuid nameLatin nameNative position agency { nameEn } }
    reasons { kind text eventUuid officerUuid }
  }
}""",
}

# The peer sorts by name, then uuid: Liaison breaks ties by its database id, which the graph does not hold.
PEER = {
    "a": """query Listing($where: OfficerWhere!) {
  officers(where: $where, sort: [{name_latin: ASC}, {uuid: ASC}], limit: 50) {
    uuid name_latin name_native position agency { name_en } languages { code }
  }
}""",
    "b": """query Profile($uuid: ID!) {
  officers(where: {uuid: {eq: $uuid}}) {
    uuid name_latin name_native position
    agency { name_en country { code name_en } }
    expertiseConnection { edges { properties { level } node { uuid name_en } } }
    eventsConnection { edges { properties { role } node { uuid title starts_on } } }
  }
}""",
    "c": """query Counterparts($topic: ID!, $officer: ID, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, limit: $limit) {
    score country already_known languages mutual_acquaintances
    officer { uuid name_latin name_native position agency { name_en } }
    expertise { topic name level narrower }
    shared_events { uuid title city }
  }
}""",
}


def _listing_agrees(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    """The same names in the same order; the same officers under each name but the last, where ties may differ."""
    our_names = [officer["nameLatin"] for officer in ours]
    their_names = [officer["name_latin"] for officer in theirs]
    if our_names != their_names:
        return f"names differ: {our_names[:5]}… against {their_names[:5]}…"
    last = our_names[-1] if our_names else None
    our_uuids = {officer["uuid"] for officer in ours if officer["nameLatin"] != last}
    their_uuids = {officer["uuid"] for officer in theirs if officer["name_latin"] != last}
    return None if our_uuids == their_uuids else f"officers differ: {sorted(our_uuids ^ their_uuids)[:4]}"


def _profile_agrees(ours: dict[str, Any] | None, theirs: list[dict[str, Any]]) -> str | None:
    """The same officer, agency, country, topics and events."""
    if ours is None or len(theirs) != 1:
        return f"found {ours is not None} by Liaison, {len(theirs)} by the peer"
    peer = theirs[0]
    our_view = (
        ours["uuid"],
        ours["agency"]["nameEn"],
        ours["agency"]["country"]["code"],
        sorted((item["topic"]["uuid"], item["level"]) for item in ours["expertise"]),
        sorted(item["event"]["uuid"] for item in ours["participations"]),
    )
    their_view = (
        peer["uuid"],
        peer["agency"][0]["name_en"],
        peer["agency"][0]["country"][0]["code"],
        sorted((edge["node"]["uuid"], edge["properties"]["level"]) for edge in peer["expertiseConnection"]["edges"]),
        sorted(edge["node"]["uuid"] for edge in peer["eventsConnection"]["edges"]),
    )
    return None if our_view == their_view else f"{our_view} against {their_view}"


def _counterparts_agree(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str | None:
    """The same officers in the same order with the same scores."""
    our_view = [(item["officer"]["uuid"], round(item["score"], 2)) for item in ours]
    their_view = [(item["officer"]["uuid"], round(item["score"], 2)) for item in theirs]
    return None if our_view == their_view else f"{our_view[:3]}… against {their_view[:3]}…"


def answers_agree(kind: str, ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    """None when both sides' answers name the same officers; else what differs."""
    if kind == "a":
        return _listing_agrees([edge["node"] for edge in ours["officers"]["edges"]], theirs["officers"])
    if kind == "b":
        return _profile_agrees(ours["officer"], theirs["officers"])
    return _counterparts_agree(ours["counterparts"], theirs["counterparts"])
