"""The topic hierarchy of the programme, loaded through the topic service."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import Topic
from directory.services.topics import create_topic


@dataclass(frozen=True)
class TopicEntry:
    """A topic by stable slug, named in English and Russian, under the broader topics of the slugs given."""

    slug: str
    name_en: str
    name_ru: str
    broader_slugs: tuple[str, ...] = ()


# Broader topics come before the topics under them. The narrowest ones are the programme text's own subjects.
TOPICS = (
    TopicEntry("cybercrime", "Cybercrime", "Киберпреступность"),
    TopicEntry("money-laundering", "Money laundering", "Отмывание денег"),
    TopicEntry("drug-trafficking", "Drug trafficking", "Незаконный оборот наркотиков"),
    # The text: "drug trafficking via the internet", a cybercrime workshop: it sits under both.
    TopicEntry(
        "darknet-drug-trafficking",
        "Drug trafficking via the internet",
        "Незаконный оборот наркотиков через интернет",
        ("cybercrime", "drug-trafficking"),
    ),
    TopicEntry(
        "online-child-exploitation",
        "Computer-facilitated crimes against children",
        "Преступления против детей с использованием компьютерных технологий",
        ("cybercrime",),
    ),
    TopicEntry("digital-investigations", "Digital investigations", "Цифровые расследования", ("cybercrime",)),
    TopicEntry(
        "cryptocurrency-laundering",
        "Money laundering with cryptocurrencies",
        "Отмывание денег с использованием криптовалют",
        ("money-laundering",),
    ),
    TopicEntry("money-transfer-systems", "Money transfer systems", "Системы денежных переводов", ("money-laundering",)),
    TopicEntry("electronic-money", "Electronic money", "Электронные деньги", ("money-laundering",)),
    # Drugs@Online, Astana: "onion routers, virtual private networks and the darknet", and how to counter it.
    TopicEntry("darknet-markets", "Darknet markets", "Даркнет-рынки", ("darknet-drug-trafficking",)),
    TopicEntry(
        "onion-routing-and-vpns",
        "Onion routing and VPNs",
        "Луковая маршрутизация (Tor) и VPN",
        ("darknet-drug-trafficking",),
    ),
    TopicEntry(
        "countering-online-drug-trafficking",
        "Techniques to counter drug trafficking via the internet",
        "Методы противодействия незаконному обороту наркотиков через интернет",
        ("darknet-drug-trafficking",),
    ),
    # Tashkent: "bitcoin investigations".
    TopicEntry(
        "bitcoin-investigations",
        "Bitcoin investigations",
        "Расследования с использованием биткоина",
        ("cryptocurrency-laundering",),
    ),
    # Almaty: "victim and offender identification in addition to online undercover operations", "interviewing".
    TopicEntry(
        "online-undercover-operations",
        "Online undercover operations",
        "Негласные операции в интернете",
        ("online-child-exploitation",),
    ),
    TopicEntry(
        "victim-and-offender-identification",
        "Victim and offender identification",
        "Установление личности жертв и преступников",
        ("online-child-exploitation",),
    ),
    TopicEntry(
        "interviewing-child-victims",
        "Interviewing child victims",
        "Опрос несовершеннолетних потерпевших",
        ("online-child-exploitation",),
    ),
)


def load_topics() -> int:
    """Make sure every topic exists; return how many were added."""
    existing = set(Topic.objects.values_list("slug", flat=True))
    added = [entry for entry in TOPICS if entry.slug not in existing]
    for entry in added:
        create_topic(slug=entry.slug, name_en=entry.name_en, name_ru=entry.name_ru, broader_slugs=entry.broader_slugs)
    return len(added)


def topics_by_slug() -> dict[str, Topic]:
    """Every topic, by slug."""
    return {topic.slug: topic for topic in Topic.objects.all()}
