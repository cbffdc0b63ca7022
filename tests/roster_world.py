"""The roster tests' world: a small directory with names in several scripts, one account per role, a roster writer."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from directory.models import Agency, ContactChannel, Officer, User
from directory.permissions import import_reach
from directory.rosters.preview import RosterPreview, preview_roster
from directory.rosters.reading import read_roster
from directory.services import institutions, officers
from tests.factories import SmallWorld, build_small_world

HEADERS_RU = ["№", "ФИО", "Должность", "Ведомство", "Страна", "Эл. почта", "Телефон", "Языки", "Роль", "Оценка"]


@dataclass
class RosterWorld:
    """The small world with a few more officers of Kazakhstan, and one account per role."""

    world: SmallWorld
    kz_customs: Agency
    bauyrzhan: Officer
    bauyrzhan_customs: Officer
    ulmasov: Officer
    staff: User
    steward_kg: User
    officer_user: User


@pytest.fixture
def roster_world(db: None) -> RosterWorld:
    world = build_small_world()
    kz_customs = institutions.create_agency(
        country_code="KZ", name_en="State Revenue Committee", name_ru="Комитет государственных доходов", kind="customs"
    )
    bauyrzhan = officers.create_officer(
        name_native="Токаев Бауыржан", name_latin="Tokayev Bauyrzhan", agency=world.kz_police, languages=["ru"]
    )
    officers.add_contact_channel(bauyrzhan, kind="email", value="b.tokayev@mvd.example.kz", visibility="staff")
    # A namesake in another agency of the same country: a row naming no agency cannot tell them apart.
    bauyrzhan_customs = officers.create_officer(
        name_native="Токаев Бауыржан", name_latin="Tokayev Bauyrzhan", agency=kz_customs
    )
    ulmasov = officers.create_officer(
        name_native="Ўлмасов Ҳамид", name_latin="Ulmasov Khamid", agency=world.uz_prosecutor
    )
    officers.add_contact_channel(ulmasov, kind="phone", value="+998 71 233 45 67", visibility="staff")
    staff = User.objects.create_user("roster-staff", password="a-long-test-password", role="staff")
    steward_kg = User.objects.create_user(
        "roster-steward", password="a-long-test-password", role="steward", country=world.kg_police.country
    )
    officer_user = User.objects.create_user("roster-officer", password="a-long-test-password", role="officer")
    return RosterWorld(world, kz_customs, bauyrzhan, bauyrzhan_customs, ulmasov, staff, steward_kg, officer_user)


def csv_bytes(rows: Sequence[Sequence[str]], *, headers: Sequence[str] = HEADERS_RU, encoding: str = "utf-8") -> bytes:
    """A roster as a CSV file, header row first."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def preview_of(data: bytes, user: User, name: str = "roster.csv", **options: str) -> RosterPreview:
    """The preview of a file as this user would see it."""
    return preview_roster(read_roster(data, name), reach=import_reach(user), **options)


def statuses(preview: RosterPreview) -> dict[int, str]:
    """Row number → status."""
    return {row.number: row.status.value for row in preview.rows}


def officer_count() -> int:
    return Officer.objects.count()


def contact_values() -> set[str]:
    return set(ContactChannel.objects.values_list("value", flat=True))
