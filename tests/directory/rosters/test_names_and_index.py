"""Names compared across scripts, orders, initials and typos; the index compares a row with few officers."""

from __future__ import annotations

import random
import uuid

import pytest

from directory.rosters.matching import NAME_THRESHOLD, OfficerIndex, TitleIndex
from directory.rosters.names import name_similarity

SAME_PERSON = [
    ("Токаев Бауыржан", "TOKAEV Bauyrzhan"),
    ("Токаев Бауыржан", "Tokayev B."),
    ("Қасымов Ерлан", "Kassymov Yerlan"),
    ("Ғафуров Ўткир", "Gafurov Utkir"),
    ("Ўлмасов Ҳамид", "Ulmasov Khamid"),
    ("Сафаров Ӯктам", "Safarov Uktam"),
    ("Семёнов Пётр", "Семенов Петр"),
    ("Каримова Дилноза Рустамовна", "Dilnoza Karimova"),
    ("Асель Токтогулова", "Toktogulova Asel"),
    ("Akhmetov Nurlan", "Ahmetov Nurlan"),
    ("Zhumabekov Nurlan", "Zhumabekov Nurlna"),
    ("Жұмабеков Нұрлан", "Джумабеков Нурлан"),
    ("Асан уулу Бакыт", "Bakyt Asan uulu"),
    # Initials of names whose first letters folding changes: Kh, Zh, Dzh, Ye, Yu.
    ("Komron Kholov", "Komron K."),
    ("Улан Жээнбеков", "Ulan Z."),
    ("Марат Есенов", "Marat Y."),
    ("Нурлан Джумабеков", "D. Nurlan"),
    ("Rustam Yusupov", "Rustam Y."),
]
OTHER_PEOPLE = [
    ("Akhmetov Nurlan", "Akhmetov Marat"),
    ("Tokayev Bakyt", "Tokayev S."),
    ("Karimova Dilnoza", "Karimov Dilshod"),
    ("Asanov Bakyt", "Osmonov Almaz"),
]


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_one_person_in_two_spellings_is_alike_enough(first: str, second: str) -> None:
    assert name_similarity(first, second) >= NAME_THRESHOLD


@pytest.mark.parametrize(("first", "second"), OTHER_PEOPLE)
def test_two_people_are_not(first: str, second: str) -> None:
    assert name_similarity(first, second) < NAME_THRESHOLD


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_the_index_finds_each_spelling(first: str, second: str) -> None:
    index = OfficerIndex([(1, uuid.uuid4(), first, first, 1, 1)])
    assert set(index.by_name(second)) == {1}


def test_the_index_compares_a_row_with_a_few_name_forms_not_every_officer() -> None:
    # given: 20,000 officers drawn from a few hundred given names and surnames, as in the region
    rng = random.Random(7)  # noqa: S311 (repeatable test data, not a secret)
    given = [
        f"{rng.choice('bdkmnrst')}{rng.choice('aeiou')}{rng.choice('klmnrst')}{rng.choice('aio')}n" for _ in range(150)
    ]
    surnames = [f"{rng.choice('abdkmnost')}{rng.choice('aeiou')}{rng.choice('bklmnrst')}ov" for _ in range(300)]
    officers = [
        (pk, uuid.uuid4(), f"{rng.choice(surnames)} {rng.choice(given)}", "", pk % 50, pk % 4) for pk in range(20_000)
    ]
    index = OfficerIndex(officers)
    rows = [officer[2] for officer in rng.sample(officers, 200)]
    # when
    for name in rows:
        assert index.by_name(name)
    # then: far fewer comparisons than rows × officers (4,000,000)
    assert index.comparisons < len(rows) * len(officers) / 100


def test_agencies_and_countries_are_found_by_any_of_their_names() -> None:
    index = TitleIndex([(1, ["Ministry of Internal Affairs", "Министерство внутренних дел", "Ички иштер министрлиги"])])
    assert index.find("МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ") == {1}
    assert index.find("Ministry of Internal Affair") == {1}
    assert index.find("Ministry of Magic") == set()


def test_numbered_units_are_told_apart() -> None:
    index = TitleIndex([(1, ["Customs Post No. 4, Shymkent"]), (2, ["Customs Post No. 14, Shymkent"])])
    assert index.find("customs post no 14 shymkent") == {2}
    assert index.find("Customs Post No.4, Shymkent") == {1}
