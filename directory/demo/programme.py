"""The 2017 programme, its three workshops and the partners' coverage, loaded through the event services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from directory.demo import institutions as orgs
from directory.demo.places import REGION, city_named
from directory.demo.topics import topics_by_slug
from directory.models import Event, Programme
from directory.services.events import create_event, create_programme, record_coverage

PROGRAMME_NAME = "UNODC Programme for Central Asia"
PROGRAMME_NAME_RU = "Программа УНП ООН для Центральной Азии"
PROGRAMME_COMPONENT = "Combatting Cybercrime in Central Asia"
# The programme text: "launched in 2017". The year only: no day is made up.
PROGRAMME_STARTED_IN = 2017


@dataclass(frozen=True)
class WorkshopEntry:
    """One of the programme's workshops, as the programme text describes it."""

    key: str
    title: str
    short_title: str
    title_ru: str
    short_title_ru: str
    country_code: str
    city: str
    starts_on: datetime.date
    ends_on: datetime.date
    # The topics its participants' expertise is drawn from (the demo officers depend on these staying put).
    topic_slugs: tuple[str, ...]
    # The narrower subjects the text names for it: the event is about them too.
    subject_slugs: tuple[str, ...]
    # Each organisation in the role the programme text gives it, and no other.
    organisers: tuple[str, ...]
    trainers: tuple[str, ...]


DRUGS_ONLINE = WorkshopEntry(
    key="drugs",
    title="Drugs@Online: training on drug trafficking via the internet",
    short_title="Drugs@Online",
    title_ru="Drugs@Online: тренинг по противодействию незаконному обороту наркотиков через интернет",
    short_title_ru="Drugs@Online",
    country_code="KZ",
    city="Astana",
    starts_on=datetime.date(2017, 11, 20),
    ends_on=datetime.date(2017, 11, 24),
    topic_slugs=("darknet-drug-trafficking",),
    subject_slugs=("darknet-markets", "onion-routing-and-vpns", "countering-online-drug-trafficking"),
    # "organized in cooperation with the Embassy of Italy ... and the Italian Central Counter-Narcotics
    # Directorate"; the text does not say who taught.
    organisers=(orgs.UNODC_CENTRAL_ASIA, orgs.ITALIAN_EMBASSY, orgs.ITALIAN_COUNTER_NARCOTICS),
    trainers=(),
)
CRYPTO_AND_MTS = WorkshopEntry(
    key="crypto",
    title="Investigation of Money Laundering with Cryptocurrencies, Money Transfer Systems and Electronic Money",
    short_title="Crypto & MTS",
    title_ru=(
        "Расследование отмывания денег с использованием криптовалют, систем денежных переводов и электронных денег"
    ),
    short_title_ru="Криптовалюты и системы денежных переводов",
    country_code="UZ",
    city="Tashkent",
    starts_on=datetime.date(2017, 11, 27),
    ends_on=datetime.date(2017, 12, 1),
    topic_slugs=("cryptocurrency-laundering", "money-transfer-systems", "electronic-money"),
    subject_slugs=("bitcoin-investigations",),
    # "cooperated with Sub-programme 2 ... in the organization"; "conducted by ... experts from the UNODC Global
    # Programme against Money-Laundering".
    organisers=(orgs.UNODC_CENTRAL_ASIA, orgs.UNODC_SUBPROGRAMME_2),
    trainers=(orgs.UNODC_GLOBAL_PROGRAMME_ML,),
)
CRIMES_AGAINST_CHILDREN = WorkshopEntry(
    key="children",
    title="Computer facilitated crimes against children",
    short_title="Crimes against children online",
    title_ru="Преступления против детей, совершаемые с использованием компьютерных технологий",
    short_title_ru="Преступления против детей в интернете",
    country_code="KZ",
    city="Almaty",
    starts_on=datetime.date(2017, 12, 4),
    ends_on=datetime.date(2017, 12, 8),
    topic_slugs=("online-child-exploitation", "digital-investigations"),
    subject_slugs=("online-undercover-operations", "victim-and-offender-identification", "interviewing-child-victims"),
    # "delivered by experts from ICMEC ... as well as by the law enforcement officers from ...".
    organisers=(orgs.UNODC_CENTRAL_ASIA,),
    trainers=(orgs.ICMEC, orgs.CANADIAN_POLICE_CENTRE, orgs.AUSTRALIAN_POLICE, orgs.US_JUSTICE, orgs.FBI),
)
WORKSHOPS = (DRUGS_ONLINE, CRYPTO_AND_MTS, CRIMES_AGAINST_CHILDREN)

# Who supports which countries on which topic, as stated (the trainers of a workshop cover its topics for the
# countries whose officers attended, without a row). Gaps are deliberate and real-looking: nobody covers drug
# trafficking via the internet in KG and TJ, nor money transfer systems in TJ.
COVERAGE: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (orgs.ICMEC, "online-child-exploitation", REGION, "Trainers of the Almaty workshop, December 2017"),
    (orgs.FBI, "online-child-exploitation", REGION, "Trainers of the Almaty workshop, December 2017"),
    (orgs.ITALIAN_COUNTER_NARCOTICS, "darknet-drug-trafficking", ("KZ", "UZ"), "Co-organiser of Drugs@Online, 2017"),
    (orgs.UNODC_GLOBAL_PROGRAMME_ML, "cryptocurrency-laundering", REGION, "Trainers in Tashkent, 2017"),
    (orgs.UNODC_GLOBAL_PROGRAMME_ML, "money-transfer-systems", ("KZ", "KG", "UZ"), "Trainers in Tashkent, 2017"),
)
# What a steward says against the training: Tajik officers trained in Tashkent, yet no partner supports
# Tajikistan on money transfer systems.
EXCLUSIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        orgs.UNODC_GLOBAL_PROGRAMME_ML,
        "money-transfer-systems",
        ("TJ",),
        "Trained Tajik officers in Tashkent, 2017, but gives Tajikistan no continuing support on it",
    ),
)


def programme_exists() -> bool:
    """Whether the programme (and so the demo) is in the directory already."""
    return Programme.objects.filter(name=PROGRAMME_NAME).exists()


def load_programme() -> Programme:
    """Add the programme with its implementer and donor."""
    by_name = orgs.organisations_by_name()
    return create_programme(
        name=PROGRAMME_NAME,
        name_ru=PROGRAMME_NAME_RU,
        component=PROGRAMME_COMPONENT,
        started_in=PROGRAMME_STARTED_IN,
        implementer=by_name[orgs.UNODC_CENTRAL_ASIA],
        donors=[by_name[orgs.SWEDEN]],
    )


def load_workshops(programme: Programme) -> dict[str, Event]:
    """Add the three workshops; return them by key (drugs, crypto, children)."""
    by_name = orgs.organisations_by_name()
    topics = topics_by_slug()
    return {
        entry.key: create_event(
            title=entry.title,
            short_title=entry.short_title,
            title_ru=entry.title_ru,
            short_title_ru=entry.short_title_ru,
            programme=programme,
            city=city_named(entry.country_code, entry.city),
            starts_on=entry.starts_on,
            ends_on=entry.ends_on,
            topics=[topics[slug] for slug in (*entry.topic_slugs, *entry.subject_slugs)],
            organisers=[by_name[name] for name in entry.organisers],
            trainers=[by_name[name] for name in entry.trainers],
        )
        for entry in WORKSHOPS
    }


def load_coverage() -> int:
    """Record which partner covers which country and topic; return how many rows were added."""
    by_name = orgs.organisations_by_name()
    topics = topics_by_slug()
    added = 0
    for rows, excluded in ((COVERAGE, False), (EXCLUSIONS, True)):
        for organisation_name, slug, country_codes, note in rows:
            for code in country_codes:
                organisation, topic = by_name[organisation_name], topics[slug]
                record_coverage(organisation=organisation, country_code=code, topic=topic, note=note, excluded=excluded)
                added += 1
    return added
