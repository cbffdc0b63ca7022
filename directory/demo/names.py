"""Plausible personal names of the region, in native script with a Latin transliteration (demo data only)."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Native spelling first, Latin transliteration second.
Spelling = tuple[str, str]


@dataclass(frozen=True)
class PersonName:
    """A generated name: as the person writes it, and in Latin letters."""

    native: str
    latin: str


@dataclass(frozen=True)
class NamePool:
    """Given names and surnames of one naming tradition."""

    male: tuple[Spelling, ...]
    female: tuple[Spelling, ...]
    surnames: tuple[Spelling, ...]
    surname_first_in_native: bool = False
    native_separator: str = " "
    gendered_surnames: bool = True


KAZAKH = NamePool(
    male=(
        ("Нұрлан", "Nurlan"),
        ("Ерлан", "Yerlan"),
        ("Асхат", "Askhat"),
        ("Бауыржан", "Bauyrzhan"),
        ("Дархан", "Darkhan"),
        ("Серік", "Serik"),
        ("Марат", "Marat"),
        ("Алмас", "Almas"),
        ("Айдос", "Aidos"),
        ("Данияр", "Daniyar"),
        ("Арман", "Arman"),
        ("Ерболат", "Yerbolat"),
        ("Қайрат", "Kairat"),
        ("Жандос", "Zhandos"),
    ),
    female=(
        ("Айгерім", "Aigerim"),
        ("Динара", "Dinara"),
        ("Гүлнара", "Gulnara"),
        ("Жанар", "Zhanar"),
        ("Әсел", "Assel"),
        ("Сәуле", "Saule"),
        ("Меруерт", "Meruyert"),
        ("Айжан", "Aizhan"),
        ("Ботагөз", "Botagoz"),
    ),
    surnames=(
        ("Жұмабеков", "Zhumabekov"),
        ("Ахметов", "Akhmetov"),
        ("Сүлейменов", "Suleimenov"),
        ("Қасымов", "Kassymov"),
        ("Байжанов", "Baizhanov"),
        ("Оспанов", "Ospanov"),
        ("Төлегенов", "Tulegenov"),
        ("Ысқақов", "Iskakov"),
        ("Әбдірахманов", "Abdrakhmanov"),
        ("Садықов", "Sadykov"),
        ("Есенов", "Yessenov"),
        ("Кенжебаев", "Kenzhebayev"),
        ("Мусин", "Mussin"),
        ("Жақсылықов", "Zhaksylykov"),
        ("Нұрғалиев", "Nurgaliyev"),
    ),
)

KYRGYZ = NamePool(
    male=(
        ("Азамат", "Azamat"),
        ("Бакыт", "Bakyt"),
        ("Нурбек", "Nurbek"),
        ("Эрлан", "Erlan"),
        ("Улан", "Ulan"),
        ("Тилек", "Tilek"),
        ("Алмазбек", "Almazbek"),
        ("Мирлан", "Mirlan"),
        ("Жыргалбек", "Zhyrgalbek"),
        ("Айбек", "Aibek"),
        ("Кубанычбек", "Kubanychbek"),
        ("Бектур", "Bektur"),
    ),
    female=(
        ("Айпери", "Aiperi"),
        ("Жылдыз", "Zhyldyz"),
        ("Нургүл", "Nurgul"),
        ("Бермет", "Bermet"),
        ("Айнура", "Ainura"),
        ("Чолпон", "Cholpon"),
        ("Мээрим", "Meerim"),
        ("Гүлзат", "Gulzat"),
    ),
    surnames=(
        ("Исаков", "Isakov"),
        ("Токтосунов", "Toktosunov"),
        ("Абдыкадыров", "Abdykadyrov"),
        ("Жээнбеков", "Zheenbekov"),
        ("Осмоналиев", "Osmonaliev"),
        ("Сыдыков", "Sydykov"),
        ("Асанов", "Asanov"),
        ("Мамытов", "Mamytov"),
        ("Бекешов", "Bekeshov"),
        ("Турдубаев", "Turdubaev"),
        ("Үсөнов", "Usonov"),
        ("Момунов", "Momunov"),
        ("Шамшиев", "Shamshiev"),
    ),
)

TAJIK = NamePool(
    male=(
        ("Фаридун", "Faridun"),
        ("Шерзод", "Sherzod"),
        ("Фирдавс", "Firdavs"),
        ("Ҷамшед", "Jamshed"),
        ("Бахтиёр", "Bakhtiyor"),
        ("Далер", "Daler"),
        ("Комрон", "Komron"),
        ("Суҳроб", "Suhrob"),
        ("Манучеҳр", "Manuchehr"),
        ("Умед", "Umed"),
        ("Рустам", "Rustam"),
        ("Парвиз", "Parviz"),
    ),
    female=(
        ("Мадина", "Madina"),
        ("Нигина", "Nigina"),
        ("Зарина", "Zarina"),
        ("Фотима", "Fotima"),
        ("Шаҳноза", "Shahnoza"),
        ("Малика", "Malika"),
        ("Гулрухсор", "Gulrukhsor"),
        ("Дилноза", "Dilnoza"),
    ),
    surnames=(
        ("Раҳмонов", "Rahmonov"),
        ("Шарипов", "Sharipov"),
        ("Назаров", "Nazarov"),
        ("Сафаров", "Safarov"),
        ("Қодиров", "Qodirov"),
        ("Мирзоев", "Mirzoev"),
        ("Ҳасанов", "Hasanov"),
        ("Давлатов", "Davlatov"),
        ("Холов", "Kholov"),
        ("Раҳимзода", "Rahimzoda"),
        ("Саидзода", "Saidzoda"),
        ("Шарифзода", "Sharifzoda"),
        ("Назарзода", "Nazarzoda"),
        ("Исмоилзода", "Ismoilzoda"),
    ),
)

# Uzbek is written in Latin script officially; the Latin column is the passport-style spelling without ʻ.
UZBEK = NamePool(
    male=(
        ("Akmal", "Akmal"),
        ("Jasur", "Jasur"),
        ("Sherzod", "Sherzod"),
        ("Bobur", "Bobur"),
        ("Otabek", "Otabek"),
        ("Sardor", "Sardor"),
        ("Ulugʻbek", "Ulugbek"),
        ("Doniyor", "Doniyor"),
        ("Rustam", "Rustam"),
        ("Farrux", "Farrukh"),
        ("Aziz", "Aziz"),
        ("Jahongir", "Jakhongir"),
    ),
    female=(
        ("Dilnoza", "Dilnoza"),
        ("Gulnora", "Gulnora"),
        ("Nodira", "Nodira"),
        ("Malika", "Malika"),
        ("Feruza", "Feruza"),
        ("Shahnoza", "Shakhnoza"),
        ("Zulfiya", "Zulfiya"),
        ("Nigora", "Nigora"),
    ),
    surnames=(
        ("Karimov", "Karimov"),
        ("Rahimov", "Rakhimov"),
        ("Yusupov", "Yusupov"),
        ("Tursunov", "Tursunov"),
        ("Abdullayev", "Abdullaev"),
        ("Xolmatov", "Kholmatov"),
        ("Ergashev", "Ergashev"),
        ("Qodirov", "Kadirov"),
        ("Saidov", "Saidov"),
        ("Mirzayev", "Mirzaev"),
        ("Sobirov", "Sobirov"),
        ("Usmonov", "Usmonov"),
        ("Toshmatov", "Toshmatov"),
    ),
)

RUSSIAN = NamePool(
    male=(
        ("Алексей", "Aleksei"),
        ("Дмитрий", "Dmitrii"),
        ("Сергей", "Sergei"),
        ("Андрей", "Andrei"),
        ("Игорь", "Igor"),
        ("Евгений", "Evgenii"),
        ("Владимир", "Vladimir"),
        ("Максим", "Maksim"),
    ),
    female=(
        ("Елена", "Elena"),
        ("Ольга", "Olga"),
        ("Наталья", "Natalia"),
        ("Ирина", "Irina"),
        ("Татьяна", "Tatiana"),
        ("Анна", "Anna"),
    ),
    surnames=(
        ("Иванов", "Ivanov"),
        ("Петров", "Petrov"),
        ("Смирнов", "Smirnov"),
        ("Кузнецов", "Kuznetsov"),
        ("Попов", "Popov"),
        ("Новиков", "Novikov"),
        ("Морозов", "Morozov"),
        ("Волков", "Volkov"),
        ("Лебедев", "Lebedev"),
        ("Ким", "Kim"),
        ("Пак", "Pak"),
        ("Ткаченко", "Tkachenko"),
    ),
)

TURKMEN = NamePool(
    male=(
        ("Merdan", "Merdan"),
        ("Serdar", "Serdar"),
        ("Batyr", "Batyr"),
        ("Döwlet", "Dovlet"),
        ("Maksat", "Maksat"),
        ("Begenç", "Begench"),
        ("Nurmuhammet", "Nurmukhammet"),
    ),
    female=(("Maýsa", "Maysa"), ("Aýna", "Ayna"), ("Jemal", "Jemal"), ("Gözel", "Gozel"), ("Bahar", "Bakhar")),
    surnames=(
        ("Annaýew", "Annayev"),
        ("Berdiýew", "Berdiyev"),
        ("Orazow", "Orazov"),
        ("Hojamuradow", "Khojamuradov"),
        ("Ataýew", "Atayev"),
        ("Gurbanow", "Gurbanov"),
    ),
)

DARI = NamePool(
    male=(
        ("احمد", "Ahmad"),
        ("محمد", "Mohammad"),
        ("عبدالله", "Abdullah"),
        ("نجیب", "Najib"),
        ("فرید", "Farid"),
        ("حمید", "Hamid"),
        ("جاوید", "Jawid"),
    ),
    female=(("فریبا", "Fariba"), ("مریم", "Maryam"), ("زهرا", "Zahra"), ("شبنم", "Shabnam")),
    surnames=(
        ("احمدی", "Ahmadi"),
        ("رحیمی", "Rahimi"),
        ("کریمی", "Karimi"),
        ("حیدری", "Haidari"),
        ("نوری", "Nuri"),
        ("صدیقی", "Siddiqi"),
        ("وردک", "Wardak"),
        ("ستانکزی", "Stanikzai"),
    ),
    gendered_surnames=False,
)

# Chinese names are written surname first, without a space.
CHINESE = NamePool(
    male=(
        ("伟", "Wei"),
        ("磊", "Lei"),
        ("军", "Jun"),
        ("勇", "Yong"),
        ("海", "Hai"),
        ("建国", "Jianguo"),
        ("志强", "Zhiqiang"),
    ),
    female=(("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("秀英", "Xiuying"), ("芳", "Fang")),
    surnames=(
        ("王", "Wang"),
        ("李", "Li"),
        ("张", "Zhang"),
        ("刘", "Liu"),
        ("陈", "Chen"),
        ("杨", "Yang"),
        ("马", "Ma"),
    ),
    surname_first_in_native=True,
    native_separator="",
    gendered_surnames=False,
)

# Which traditions a country's officers are named in, with how common each is.
POOLS_BY_COUNTRY: dict[str, tuple[tuple[NamePool, float], ...]] = {
    "KZ": ((KAZAKH, 0.85), (RUSSIAN, 0.15)),
    "KG": ((KYRGYZ, 0.9), (RUSSIAN, 0.1)),
    "TJ": ((TAJIK, 1.0),),
    "UZ": ((UZBEK, 0.93), (RUSSIAN, 0.07)),
    "RU": ((RUSSIAN, 1.0),),
    "TM": ((TURKMEN, 1.0),),
    "AF": ((DARI, 1.0),),
    "CN": ((CHINESE, 1.0),),
}

FEMALE_SHARE = 0.25


def feminine_surname(surname: str) -> str:
    """The feminine form of a Slavic-pattern surname (Karimov → Karimova); other surnames unchanged."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ov", "ev", "in", "ow", "ew")):
        return surname + ("а" if surname[-1] in "вн" else "a")
    return surname


def person_name(rng: random.Random, country_code: str, *, female: bool | None = None) -> PersonName:
    """A plausible name for an officer of the country, drawn from its naming traditions."""
    pools = POOLS_BY_COUNTRY.get(country_code, ((RUSSIAN, 1.0),))
    pool = rng.choices([pool for pool, _ in pools], weights=[share for _, share in pools])[0]
    if female is None:
        female = rng.random() < FEMALE_SHARE
    given = rng.choice(pool.female if female else pool.male)
    surname = rng.choice(pool.surnames)
    if female and pool.gendered_surnames:
        surname = (feminine_surname(surname[0]), feminine_surname(surname[1]))
    native_parts = (surname[0], given[0]) if pool.surname_first_in_native else (given[0], surname[0])
    latin = f"{surname[1]} {given[1]}" if pool.surname_first_in_native else f"{given[1]} {surname[1]}"
    return PersonName(native=pool.native_separator.join(native_parts), latin=latin)
