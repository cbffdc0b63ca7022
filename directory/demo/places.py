"""The region's languages, countries, land borders and cities, loaded through the geography services."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import City, Country, Language
from directory.services.geography import create_city, create_country, ensure_language, set_country_borders


@dataclass(frozen=True)
class LanguageEntry:
    """A language by ISO 639 code, named in English, Russian, Kazakh and Uzbek."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str = ""
    name_uz: str = ""


@dataclass(frozen=True)
class PlaceEntry:
    """A country (by ISO code) or a city (in the country with that code), in English, Russian, local, Kazakh, Uzbek."""

    code: str
    name_en: str
    name_ru: str
    name_local: str
    # Only names known to be right: an empty one shows the English name, marked as untranslated.
    name_kk: str = ""
    name_uz: str = ""


LANGUAGES = (
    LanguageEntry("ru", "Russian", "Русский", "Орыс тілі", "Rus tili"),
    LanguageEntry("kk", "Kazakh", "Казахский", "Қазақ тілі", "Qozoq tili"),
    LanguageEntry("ky", "Kyrgyz", "Киргизский", "Қырғыз тілі", "Qirgʻiz tili"),
    LanguageEntry("tg", "Tajik", "Таджикский", "Тәжік тілі", "Tojik tili"),
    LanguageEntry("uz", "Uzbek", "Узбекский", "Өзбек тілі", "Oʻzbek tili"),
    LanguageEntry("en", "English", "Английский", "Ағылшын тілі", "Ingliz tili"),
    LanguageEntry("fa", "Persian (Dari)", "Персидский (дари)", "Парсы тілі (дари)", "Fors tili (dariy)"),
    LanguageEntry("ps", "Pashto", "Пушту", "Пушту тілі", "Pushtu tili"),
    LanguageEntry("tk", "Turkmen", "Туркменский", "Түрікмен тілі", "Turkman tili"),
    LanguageEntry("zh", "Chinese", "Китайский", "Қытай тілі", "Xitoy tili"),
    LanguageEntry("tr", "Turkish", "Турецкий", "Түрік тілі", "Turk tili"),
    LanguageEntry("de", "German", "Немецкий", "Неміс тілі", "Nemis tili"),
    LanguageEntry("fr", "French", "Французский", "Француз тілі", "Fransuz tili"),
)

# The four countries whose officers the programme trains.
REGION = ("KZ", "KG", "TJ", "UZ")
# Their land neighbours.
NEIGHBOURS = ("CN", "RU", "TM", "AF")

COUNTRIES = (
    PlaceEntry("KZ", "Kazakhstan", "Казахстан", "Қазақстан", "Қазақстан", "Qozogʻiston"),
    PlaceEntry("KG", "Kyrgyzstan", "Кыргызстан", "Кыргызстан", "Қырғызстан", "Qirgʻiziston"),
    PlaceEntry("TJ", "Tajikistan", "Таджикистан", "Тоҷикистон", "Тәжікстан", "Tojikiston"),
    PlaceEntry("UZ", "Uzbekistan", "Узбекистан", "Oʻzbekiston", "Өзбекстан", "Oʻzbekiston"),
    PlaceEntry("CN", "China", "Китай", "中国", "Қытай", "Xitoy"),
    PlaceEntry("RU", "Russia", "Россия", "Россия", "Ресей", "Rossiya"),
    PlaceEntry("TM", "Turkmenistan", "Туркменистан", "Türkmenistan", "Түрікменстан", "Turkmaniston"),
    PlaceEntry("AF", "Afghanistan", "Афганистан", "افغانستان", "Ауғанстан", "Afgʻoniston"),
    PlaceEntry("IT", "Italy", "Италия", "Italia", "Италия", "Italiya"),
    PlaceEntry("SE", "Sweden", "Швеция", "Sverige", "Швеция", "Shvetsiya"),
    PlaceEntry(
        "US",
        "United States",
        "Соединённые Штаты Америки",
        "United States",
        "Америка Құрама Штаттары",
        "Amerika Qoʻshma Shtatlari",
    ),
    PlaceEntry("CA", "Canada", "Канада", "Canada", "Канада", "Kanada"),
    PlaceEntry("AU", "Australia", "Австралия", "Australia", "Аустралия", "Avstraliya"),
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
    PlaceEntry("KZ", "Astana", "Астана", "Астана", "Астана", "Astana"),
    PlaceEntry("KZ", "Almaty", "Алматы", "Алматы", "Алматы", "Olmaota"),
    PlaceEntry("KZ", "Shymkent", "Шымкент", "Шымкент", "Шымкент", "Chimkent"),
    PlaceEntry("KZ", "Karaganda", "Караганда", "Қарағанды", "Қарағанды", "Qaragʻandi"),
    PlaceEntry("KG", "Bishkek", "Бишкек", "Бишкек", "Бішкек", "Bishkek"),
    PlaceEntry("KG", "Osh", "Ош", "Ош", "Ош", "Oʻsh"),
    PlaceEntry("KG", "Jalal-Abad", "Джалал-Абад", "Жалал-Абад", "Жалал-Абад", "Jalolobod"),
    PlaceEntry("TJ", "Dushanbe", "Душанбе", "Душанбе", "Душанбе", "Dushanbe"),
    PlaceEntry("TJ", "Khujand", "Худжанд", "Хуҷанд", "", "Xoʻjand"),
    PlaceEntry("TJ", "Kulob", "Куляб", "Кӯлоб", "", "Koʻlob"),
    PlaceEntry("UZ", "Tashkent", "Ташкент", "Toshkent", "Ташкент", "Toshkent"),
    PlaceEntry("UZ", "Samarkand", "Самарканд", "Samarqand", "Самарқанд", "Samarqand"),
    PlaceEntry("UZ", "Bukhara", "Бухара", "Buxoro", "Бұхара", "Buxoro"),
    PlaceEntry("UZ", "Namangan", "Наманган", "Namangan", "Наманған", "Namangan"),
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


def place_names(entry: PlaceEntry) -> dict[str, str]:
    """A place's names, as the services and models take them."""
    return {
        "name_en": entry.name_en,
        "name_ru": entry.name_ru,
        "name_kk": entry.name_kk,
        "name_uz": entry.name_uz,
        "name_local": entry.name_local,
    }


def border_codes(code: str) -> set[str]:
    """The codes of the countries that share a land border with the given one."""
    return {b for a, b in LAND_BORDERS if a == code} | {a for a, b in LAND_BORDERS if b == code}


def load_languages() -> int:
    """Make sure every language exists; return how many were added."""
    existing = set(Language.objects.values_list("code", flat=True))
    for entry in LANGUAGES:
        ensure_language(
            code=entry.code, name_en=entry.name_en, name_ru=entry.name_ru, name_kk=entry.name_kk, name_uz=entry.name_uz
        )
    return len({entry.code for entry in LANGUAGES} - existing)


def load_countries() -> int:
    """Make sure every country exists with exactly its real land borders; return how many were added."""
    existing = set(Country.objects.values_list("code", flat=True))
    added = [entry for entry in COUNTRIES if entry.code not in existing]
    for entry in added:
        create_country(code=entry.code, **place_names(entry))
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
        create_city(country_code=entry.code, **place_names(entry))
    return len(added)


def city_named(country_code: str, name_en: str) -> City:
    """The city of that country with this English name."""
    return City.objects.get(country__code=country_code, name_en=name_en)
