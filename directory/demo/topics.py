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


# The topics in Kazakh and Uzbek (Latin script), by slug.
KAZAKH_AND_UZBEK = {
    "cybercrime": ("Киберқылмыс", "Kiberjinoyatchilik"),
    "money-laundering": ("Ақшаны жылыстату", "Pul yuvish"),
    "drug-trafficking": ("Есірткінің заңсыз айналымы", "Giyohvandlik vositalarining noqonuniy aylanishi"),
    "darknet-drug-trafficking": (
        "Интернет арқылы есірткінің заңсыз айналымы",
        "Internet orqali giyohvandlik vositalarining noqonuniy aylanishi",
    ),
    "online-child-exploitation": (
        "Компьютерлік технологияларды пайдаланып балаларға қарсы жасалатын қылмыстар",
        "Kompyuter texnologiyalaridan foydalanib bolalarga qarshi sodir etiladigan jinoyatlar",
    ),
    "digital-investigations": ("Цифрлық тергеу", "Raqamli tergov"),
    "cryptocurrency-laundering": ("Криптовалюта арқылы ақшаны жылыстату", "Kriptovalyutalar yordamida pul yuvish"),
    "money-transfer-systems": ("Ақша аудару жүйелері", "Pul oʻtkazmalari tizimlari"),
    "electronic-money": ("Электрондық ақша", "Elektron pullar"),
    "darknet-markets": ("Даркнет нарықтары", "Darknet bozorlari"),
    "onion-routing-and-vpns": ("Пиязды маршруттау (Tor) және VPN", "Piyozli marshrutlash (Tor) va VPN"),
    "countering-online-drug-trafficking": (
        "Интернет арқылы есірткінің заңсыз айналымына қарсы іс-қимыл әдістері",
        "Internet orqali giyohvandlik vositalarining noqonuniy aylanishiga qarshi kurashish usullari",
    ),
    "bitcoin-investigations": ("Биткоинге қатысты тергеу", "Bitkoin bilan bogʻliq tergovlar"),
    "online-undercover-operations": ("Интернеттегі жасырын операциялар", "Internetdagi yashirin tezkor tadbirlar"),
    "victim-and-offender-identification": (
        "Жәбірленушілер мен қылмыскерлердің жеке басын анықтау",
        "Jabrlanuvchilar va jinoyatchilarning shaxsini aniqlash",
    ),
    "interviewing-child-victims": (
        "Кәмелетке толмаған жәбірленушілерден жауап алу",
        "Voyaga yetmagan jabrlanuvchilarni soʻroq qilish",
    ),
}


def topic_names(entry: TopicEntry) -> dict[str, str]:
    """A topic's names in every language it has, as the services and models take them."""
    kazakh, uzbek = KAZAKH_AND_UZBEK.get(entry.slug, ("", ""))
    return {"name_en": entry.name_en, "name_ru": entry.name_ru, "name_kk": kazakh, "name_uz": uzbek}


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
        create_topic(slug=entry.slug, broader_slugs=entry.broader_slugs, **topic_names(entry))
    return len(added)


def topics_by_slug() -> dict[str, Topic]:
    """Every topic, by slug."""
    return {topic.slug: topic for topic in Topic.objects.all()}
