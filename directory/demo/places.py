"""The region's languages, countries, land borders and cities, loaded through the geography services."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import City, Country, Language
from directory.services.geography import create_city, create_country, ensure_language, set_country_borders


@dataclass(frozen=True)
class LanguageEntry:
    """A language by ISO 639 code, named in English and Russian."""

    code: str
    name_en: str
    name_ru: str


@dataclass(frozen=True)
class PlaceEntry:
    """A country (by ISO code) or a city (in the country with that code), named in three languages."""

    code: str
    name_en: str
    name_ru: str
    name_local: str


LANGUAGES = (
    LanguageEntry("ru", "Russian", "Русский"),
    LanguageEntry("kk", "Kazakh", "Казахский"),
    LanguageEntry("ky", "Kyrgyz", "Киргизский"),
    LanguageEntry("tg", "Tajik", "Таджикский"),
    LanguageEntry("uz", "Uzbek", "Узбекский"),
    LanguageEntry("en", "English", "Английский"),
    LanguageEntry("fa", "Persian (Dari)", "Персидский (дари)"),
    LanguageEntry("ps", "Pashto", "Пушту"),
    LanguageEntry("tk", "Turkmen", "Туркменский"),
    LanguageEntry("zh", "Chinese", "Китайский"),
    LanguageEntry("tr", "Turkish", "Турецкий"),
    LanguageEntry("de", "German", "Немецкий"),
    LanguageEntry("fr", "French", "Французский"),
)

# The four countries whose officers the programme trains.
REGION = ("KZ", "KG", "TJ", "UZ")
# Their land neighbours.
NEIGHBOURS = ("CN", "RU", "TM", "AF")

COUNTRIES = (
    PlaceEntry("KZ", "Kazakhstan", "Казахстан", "Қазақстан"),
    PlaceEntry("KG", "Kyrgyzstan", "Кыргызстан", "Кыргызстан"),
    PlaceEntry("TJ", "Tajikistan", "Таджикистан", "Тоҷикистон"),
    PlaceEntry("UZ", "Uzbekistan", "Узбекистан", "Oʻzbekiston"),
    PlaceEntry("CN", "China", "Китай", "中国"),
    PlaceEntry("RU", "Russia", "Россия", "Россия"),
    PlaceEntry("TM", "Turkmenistan", "Туркменистан", "Türkmenistan"),
    PlaceEntry("AF", "Afghanistan", "Афганистан", "افغانستان"),
    PlaceEntry("IT", "Italy", "Италия", "Italia"),
    PlaceEntry("SE", "Sweden", "Швеция", "Sverige"),
    PlaceEntry("US", "United States", "Соединённые Штаты Америки", "United States"),
    PlaceEntry("CA", "Canada", "Канада", "Canada"),
    PlaceEntry("AU", "Australia", "Австралия", "Australia"),
)

# Every real land border between two of the countries above, and no other.
LAND_BORDERS = (
    ("KZ", "RU"),
    ("KZ", "CN"),
    ("KZ", "KG"),
    ("KZ", "UZ"),
    ("KZ", "TM"),
    ("KG", "CN"),
    ("KG", "TJ"),
    ("KG", "UZ"),
    ("TJ", "CN"),
    ("TJ", "AF"),
    ("TJ", "UZ"),
    ("UZ", "AF"),
    ("UZ", "TM"),
    ("TM", "AF"),
    ("CN", "AF"),
    ("CN", "RU"),
    ("US", "CA"),
)

# Cities of the region (the demo's); in 2017, as today, Kazakhstan's capital was called Astana.
CITIES = (
    PlaceEntry("KZ", "Astana", "Астана", "Астана"),
    PlaceEntry("KZ", "Almaty", "Алматы", "Алматы"),
    PlaceEntry("KZ", "Shymkent", "Шымкент", "Шымкент"),
    PlaceEntry("KZ", "Karaganda", "Караганда", "Қарағанды"),
    PlaceEntry("KG", "Bishkek", "Бишкек", "Бишкек"),
    PlaceEntry("KG", "Osh", "Ош", "Ош"),
    PlaceEntry("KG", "Jalal-Abad", "Джалал-Абад", "Жалал-Абад"),
    PlaceEntry("TJ", "Dushanbe", "Душанбе", "Душанбе"),
    PlaceEntry("TJ", "Khujand", "Худжанд", "Хуҷанд"),
    PlaceEntry("TJ", "Kulob", "Куляб", "Кӯлоб"),
    PlaceEntry("UZ", "Tashkent", "Ташкент", "Toshkent"),
    PlaceEntry("UZ", "Samarkand", "Самарканд", "Samarqand"),
    PlaceEntry("UZ", "Bukhara", "Бухара", "Buxoro"),
    PlaceEntry("UZ", "Namangan", "Наманган", "Namangan"),
)

# Cities of the neighbours, where the generator places their agencies.
NEIGHBOUR_CITIES = (
    PlaceEntry("CN", "Urumqi", "Урумчи", "乌鲁木齐"),
    PlaceEntry("CN", "Kashgar", "Кашгар", "喀什"),
    PlaceEntry("RU", "Orenburg", "Оренбург", "Оренбург"),
    PlaceEntry("RU", "Novosibirsk", "Новосибирск", "Новосибирск"),
    PlaceEntry("TM", "Ashgabat", "Ашхабад", "Aşgabat"),
    PlaceEntry("TM", "Turkmenabat", "Туркменабад", "Türkmenabat"),
    PlaceEntry("AF", "Kabul", "Кабул", "کابل"),
    PlaceEntry("AF", "Mazar-i-Sharif", "Мазари-Шариф", "مزار شریف"),
)

# The language of the state beside Russian, which almost every officer of the region speaks.
NATIONAL_LANGUAGE = {"KZ": "kk", "KG": "ky", "TJ": "tg", "UZ": "uz", "RU": "ru", "CN": "zh", "TM": "tk", "AF": "fa"}


def border_codes(code: str) -> set[str]:
    """The codes of the countries that share a land border with the given one."""
    return {b for a, b in LAND_BORDERS if a == code} | {a for a, b in LAND_BORDERS if b == code}


def load_languages() -> int:
    """Make sure every language exists; return how many were added."""
    existing = set(Language.objects.values_list("code", flat=True))
    for entry in LANGUAGES:
        ensure_language(code=entry.code, name_en=entry.name_en, name_ru=entry.name_ru)
    return len({entry.code for entry in LANGUAGES} - existing)


def load_countries() -> int:
    """Make sure every country exists with exactly its real land borders; return how many were added."""
    existing = set(Country.objects.values_list("code", flat=True))
    added = [entry for entry in COUNTRIES if entry.code not in existing]
    for entry in added:
        create_country(code=entry.code, name_en=entry.name_en, name_ru=entry.name_ru, name_local=entry.name_local)
    listed = {entry.code for entry in COUNTRIES}
    for country in Country.objects.filter(code__in=listed):
        current = set(country.neighbours.values_list("code", flat=True))
        # Borders with countries not listed here were entered by someone else: keep them.
        wanted = border_codes(country.code) | (current - listed)
        if current != wanted:
            set_country_borders(country, sorted(wanted))
    return len(added)


def load_cities(entries: tuple[PlaceEntry, ...] = CITIES) -> int:
    """Make sure every city exists; return how many were added."""
    existing = set(City.objects.values_list("country__code", "name_en"))
    added = [entry for entry in entries if (entry.code, entry.name_en) not in existing]
    for entry in added:
        create_city(country_code=entry.code, name_en=entry.name_en, name_ru=entry.name_ru, name_local=entry.name_local)
    return len(added)


def city_named(country_code: str, name_en: str) -> City:
    """The city of that country with this English name."""
    return City.objects.get(country__code=country_code, name_en=name_en)
