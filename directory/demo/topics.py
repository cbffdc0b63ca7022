"""The topic hierarchy of the programme, loaded through the topic service."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import Topic
from directory.services.topics import create_topic


@dataclass(frozen=True)
class TopicEntry:
    """A topic by stable slug, named in English and Russian, under at most one broader topic."""

    slug: str
    name_en: str
    name_ru: str
    parent_slug: str | None = None


# Broader topics come before the topics under them.
TOPICS = (
    TopicEntry("cybercrime", "Cybercrime", "Киберпреступность"),
    TopicEntry("money-laundering", "Money laundering", "Отмывание денег"),
    TopicEntry("drug-trafficking", "Drug trafficking", "Незаконный оборот наркотиков"),
    TopicEntry(
        "darknet-drug-trafficking",
        "Drug trafficking via the internet",
        "Незаконный оборот наркотиков через интернет",
        "cybercrime",
    ),
    TopicEntry(
        "online-child-exploitation",
        "Computer-facilitated crimes against children",
        "Преступления против детей с использованием компьютерных технологий",
        "cybercrime",
    ),
    TopicEntry("digital-investigations", "Digital investigations", "Цифровые расследования", "cybercrime"),
    TopicEntry(
        "cryptocurrency-laundering",
        "Money laundering with cryptocurrencies",
        "Отмывание денег с использованием криптовалют",
        "money-laundering",
    ),
    TopicEntry("money-transfer-systems", "Money transfer systems", "Системы денежных переводов", "money-laundering"),
    TopicEntry("electronic-money", "Electronic money", "Электронные деньги", "money-laundering"),
)


def load_topics() -> int:
    """Make sure every topic exists; return how many were added."""
    existing = set(Topic.objects.values_list("slug", flat=True))
    added = [entry for entry in TOPICS if entry.slug not in existing]
    for entry in added:
        create_topic(slug=entry.slug, name_en=entry.name_en, name_ru=entry.name_ru, parent_slug=entry.parent_slug)
    return len(added)


def topics_by_slug() -> dict[str, Topic]:
    """Every topic, by slug."""
    return {topic.slug: topic for topic in Topic.objects.all()}
