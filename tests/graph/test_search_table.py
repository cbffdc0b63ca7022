"""Search that forgives, on the demo directory and the real Neo4j: the first hit for words, word forms, both
scripts, acronyms, typos and full, short and Russian titles; hostile text gets a clear answer."""

from __future__ import annotations

import pytest
from django.conf import settings

from directory.demo import DemoSummary
from graph.driver import get_driver
from graph.errors import GraphQuestionError
from graph.queries.schema import FULLTEXT_INDEXES
from graph.search import search_names

TABLE: list[tuple[str, str, str]] = [
    # (what is typed, the kind of the first hit, its name)
    # Words and English word forms.
    ("cryptocurrency", "Topic", "Money laundering with cryptocurrencies"),
    ("Cryptocurrencies", "Topic", "Money laundering with cryptocurrencies"),
    ("laundering", "Topic", "Money laundering"),
    ("transfers", "Topic", "Money transfer systems"),
    ("investigations", "Topic", "Digital investigations"),
    ("trafficking", "Topic", "Drug trafficking"),
    ("drugs", "Event", "Drugs@Online"),
    ("money transfer system", "Topic", "Money transfer systems"),
    ("exploited children", "Organisation", "International Centre for Missing & Exploited Children"),
    # Russian word forms.
    ("криптовалют", "Topic", "Money laundering with cryptocurrencies"),
    ("криптовалюта", "Topic", "Money laundering with cryptocurrencies"),
    ("отмывание денег", "Topic", "Money laundering"),
    ("киберпреступления", "Topic", "Cybercrime"),
    ("наркотики", "Topic", "Drug trafficking"),
    ("цифровое расследование", "Topic", "Digital investigations"),
    ("прокуратуры Казахстана", "Agency", "General Prosecutor's Office of the Republic of Kazakhstan"),
    (
        "Министерство внутренних дел Кыргызской Республики",
        "Agency",
        "Ministry of Internal Affairs of the Kyrgyz Republic",
    ),
    # Both scripts, and names in their own script.
    ("Астана", "City", "Astana"),
    ("Tashkent", "City", "Tashkent"),
    ("Узбекистан", "Country", "Uzbekistan"),
    ("Серік Оспанов", "Officer", "Serik Ospanov"),
    ("Ospanov Serik", "Officer", "Serik Ospanov"),
    ("Бахтиёр Қодиров", "Officer", "Bakhtiyor Qodirov"),
    # Acronyms and other names.
    ("ICMEC", "Organisation", "International Centre for Missing & Exploited Children"),
    ("icmec", "Organisation", "International Centre for Missing & Exploited Children"),
    (
        "GPML",
        "Organisation",
        "UNODC Global Programme against Money-Laundering, Proceeds of Crime and the Financing of Terrorism",
    ),
    ("DCSA", "Organisation", "Italian Central Counter-Narcotics Directorate"),
    ("FBI", "Organisation", "Federal Bureau of Investigation"),
    ("UNODC", "Organisation", "UNODC Programme for Central Asia"),
    ("УНП ООН", "Organisation", "UNODC Programme for Central Asia"),
    ("ФБР", "Organisation", "Federal Bureau of Investigation"),
    ("DOJ", "Organisation", "United States Department of Justice"),
    ("AFP", "Organisation", "Australian Police"),
    ("Direzione Centrale per i Servizi Antidroga", "Organisation", "Italian Central Counter-Narcotics Directorate"),
    # Typos and other spellings.
    ("cryptocurency", "Topic", "Money laundering with cryptocurrencies"),
    ("Tashkant", "City", "Tashkent"),
    ("Samarkant", "City", "Samarkand"),
    ("Kyrgystan", "Country", "Kyrgyzstan"),
    ("Dushanbé", "City", "Dushanbe"),
    ("Bakhtiyor Kodirov", "Officer", "Bakhtiyor Qodirov"),
    ("Federal Bureau of Investigations", "Organisation", "Federal Bureau of Investigation"),
    # Full, short and Russian titles of events.
    ("Drugs@Online", "Event", "Drugs@Online"),
    ("Crypto & MTS", "Event", "Crypto & MTS"),
    (
        "Investigation of Money Laundering with Cryptocurrencies, Money Transfer Systems and Electronic Money",
        "Event",
        "Crypto & MTS",
    ),
    ("Crimes against children online", "Event", "Crimes against children online"),
    ("Криптовалюты и системы денежных переводов", "Event", "Crypto & MTS"),
    ("Преступления против детей в интернете", "Event", "Crimes against children online"),
    ("Расследование отмывания денег", "Event", "Crypto & MTS"),
    ("электронных денег", "Event", "Crypto & MTS"),
]


@pytest.mark.parametrize(("text", "kind", "name"), TABLE, ids=[row[0][:40] for row in TABLE])
def test_the_first_hit(text: str, kind: str, name: str, demo: DemoSummary) -> None:
    found = search_names(get_driver(), text)
    assert found, f"{text!r} finds nothing"
    assert (found[0].kind, found[0].name) == (kind, name)


def test_the_table_is_long_enough() -> None:
    assert len(TABLE) >= 40


def test_results_name_their_kind_agency_and_country(demo: DemoSummary) -> None:
    officer = search_names(get_driver(), "Серік Оспанов")[0]
    assert (officer.kind, officer.country, officer.country_code) == ("Officer", "Kazakhstan", "KZ")
    assert officer.agency == "Ministry of Internal Affairs of the Republic of Kazakhstan"
    assert officer.agency_ru == "Министерство внутренних дел Республики Казахстан"
    event = search_names(get_driver(), "Drugs@Online")[0]
    assert (event.country, event.agency) == ("Kazakhstan", None)
    partner = search_names(get_driver(), "DCSA")[0]
    assert (partner.acronym, partner.country, partner.country_ru) == ("DCSA", "Italy", "Италия")


def test_an_event_carries_its_russian_title(demo: DemoSummary) -> None:
    event = search_names(get_driver(), "Crypto & MTS")[0]
    assert event.name_ru == "Криптовалюты и системы денежных переводов"


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unbalanced',
        "\\",
        "\\\\\\",
        "*",
        "?",
        "~",
        "title:*",
        "name_en:ICMEC^99",
        "(((",
        "[a TO z]",
        "{* TO *}",
        "ICMEC~~~",
        '+-&&||!(){}[]^"~*?:\\/',
        "}) MATCH (n) DETACH DELETE n //",
    ],
)
def test_hostile_text_is_never_an_error(text: str, demo: DemoSummary) -> None:
    found = search_names(get_driver(), text)
    assert all(match.kind and match.name for match in found)
    assert node_count() > 100  # nothing was removed


def test_lucene_syntax_is_read_as_words() -> None:
    from graph.search import lucene_queries

    queries = lucene_queries("name_en:ICMEC^99 OR *")
    assert queries is not None
    assert ":" not in queries.exact and "^99" not in queries.exact and " OR * " not in queries.exact


def test_very_long_text_gets_a_clear_answer(demo: DemoSummary) -> None:
    with pytest.raises(GraphQuestionError) as raised:
        search_names(get_driver(), "ICMEC " * 100)
    assert raised.value.field == "text"
    assert "200" in str(raised.value)
    assert search_names(get_driver(), "x" * 200) == []


def test_every_index_is_there_with_its_analyzer(demo: DemoSummary) -> None:
    records, _, _ = get_driver().execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, options, state RETURN name, options.indexConfig AS config, state",
        database_=settings.NEO4J_DATABASE,
    )
    found = {record["name"]: (record["config"]["fulltext.analyzer"], record["state"]) for record in records}
    assert found == {name: (analyzer, "ONLINE") for name, (analyzer, _) in FULLTEXT_INDEXES.items()}


def node_count() -> int:
    records, _, _ = get_driver().execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.NEO4J_DATABASE)
    return records[0]["n"]
