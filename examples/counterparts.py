"""Counterparts on a topic in the neighbouring countries, and a name search, with Liaison's typed client."""

from __future__ import annotations

import argparse
import os
import sys

# connection first: it puts the generated client (clients/python) on the path when it is not installed.
from connection import DEFAULT_URL, TOKEN_VARIABLE, Client, LiaisonClientError, make_client, run
from liaison_client.counterparts import CounterpartsCounterparts
from liaison_client.enums import SearchKind
from liaison_client.search_names import SearchNamesSearchNames
from liaison_client.topics import TopicsTopicsEdgesNode


def all_topics(client: Client) -> list[TopicsTopicsEdgesNode]:
    """Every topic (uuid, slug, English name), page by page."""
    topics: list[TopicsTopicsEdgesNode] = []
    after: str | None = None
    while True:
        page = run(client.topics, after=after).topics
        topics += [edge.node for edge in page.edges]
        if not page.page_info.has_next_page:
            return topics
        after = page.page_info.end_cursor


def find_topic(client: Client, slug: str) -> str | None:
    """The uuid of the topic with this slug, or None when no topic has it."""
    return next((topic.uuid for topic in all_topics(client) if topic.slug == slug), None)


def search_names(client: Client, text: str, kinds: list[SearchKind] | None = None) -> list[SearchNamesSearchNames]:
    """Records named like `text` in any script (Cyrillic or Latin, several spellings), best first."""
    return run(client.search_names, text=text, kinds=kinds).search_names


def counterparts(
    client: Client, topic_uuid: str, country_code: str, *, officer_uuid: str | None = None
) -> list[CounterpartsCounterparts]:
    """Officers working on the topic in the countries bordering `country_code`, ranked, with their reasons.

    Give `officer_uuid` (an officer of that country) to also learn which events they attended together.
    """
    answer = run(client.counterparts, topic=topic_uuid, country=country_code.upper(), officer=officer_uuid)
    return answer.counterparts


def format_counterpart(rank: int, found: CounterpartsCounterparts) -> list[str]:
    """One counterpart as printed lines: who, where, the score, then each reason."""
    officer = found.officer
    native = f" ({officer.name_native})" if officer.name_native != officer.name_latin else ""
    demo = "  [generated demo officer]" if officer.is_demo else ""
    lines = [
        f"{rank:>2}. {officer.name_latin}{native}, {officer.agency.name_en}, {found.country_code}"
        f"  score {found.score:.1f}{demo}",
        f"      uuid {officer.uuid}",
    ]
    lines += [f"      - {reason.text} ({reason.kind.value.lower()})" for reason in found.reasons]
    return lines


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=f"Ask Liaison for counterparts on a topic. The API token is read from ${TOKEN_VARIABLE}."
    )
    parser.add_argument("--url", default=DEFAULT_URL, help=f"Liaison's base URL (default: {DEFAULT_URL})")
    parser.add_argument("--topic", required=True, help="topic slug, such as darknet-drug-trafficking")
    parser.add_argument("--country", required=True, help="ISO code of the home country, such as KG")
    parser.add_argument("--officer", help="uuid of the officer asking (adds the events you attended together)")
    parser.add_argument("--search", help="also search names (officers, agencies, topics...) for this text")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the searches and print them; 0 on success, 1 with a one-line message on stderr otherwise."""
    arguments = _arguments(argv)
    try:
        client = make_client(arguments.url, os.environ.get(TOKEN_VARIABLE, ""))
        if arguments.search:
            print(f"Names like '{arguments.search}':")
            for match in search_names(client, arguments.search):
                native = f" ({match.native_name})" if match.native_name else ""
                print(f"  {match.kind:<12} {match.name}{native}  uuid {match.uuid}")
            print()
        topic_uuid = find_topic(client, arguments.topic)
        if topic_uuid is None:
            known = ", ".join(sorted(topic.slug for topic in all_topics(client)))
            raise LiaisonClientError(f"Unknown topic '{arguments.topic}'; use one of these slugs: {known}.")
        found = counterparts(client, topic_uuid, arguments.country, officer_uuid=arguments.officer)
    except LiaisonClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    country = arguments.country.upper()
    if not found:
        print(f"No counterparts on '{arguments.topic}' in the countries bordering {country}.")
        return 0
    print(f"Counterparts on '{arguments.topic}' in the countries bordering {country}:")
    for rank, counterpart in enumerate(found, start=1):
        print("\n".join(format_counterpart(rank, counterpart)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
