"""A small directory built through the services, for tests that need a few linked records."""

from __future__ import annotations

import datetime
from dataclasses import Field, dataclass, fields, replace
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test import Client, override_settings

from directory.models import Agency, Country, Event, Officer, Organisation, Topic, User
from directory.services import events, geography, institutions, officers, topics
from directory.services.access import issue_api_token
from graph.projector import project_pending
from tests.row_snapshots import Rows, RowSnapshot


@dataclass
class SmallWorld:
    """Three bordering countries, a topic tree, agencies, officers who met at a workshop, and a partner."""

    cybercrime: Topic
    darknet: Topic
    crypto: Topic
    kg_police: Agency
    kz_police: Agency
    uz_prosecutor: Agency
    workshop: Event
    partner: Organisation
    asel: Officer
    bakyt: Officer
    dilnoza: Officer


def graph_readers(world: SmallWorld) -> tuple[str, Client]:
    """Who asks the graph in a test: an integration's read token, and Asel (verified) signed in to the pages."""
    steward = User.objects.create_user(
        "steward", password="a-long-test-password", role="steward", country=Country.objects.get(code="KG")
    )
    officers.verify_officer(world.asel, by=steward)
    integration = User.objects.create_user("integration", password="a-long-test-password", role="integration")
    _, token = issue_api_token(user=integration, name="reader", scopes=["read"])
    viewer = Client()
    viewer.force_login(
        User.objects.create_user("asel", password="a-long-test-password", role="officer", officer=world.asel)
    )
    return token, viewer


def build_small_world() -> SmallWorld:
    """Create the small world through the directory services, projected in one go where it will be committed."""
    with override_settings(LIAISON_PROJECT_ON_COMMIT=False):
        world = _copied() if _directory_is_empty() else _build()
    if not connection.in_atomic_block:
        # A test that commits (transaction=True) gets its graph; one projection instead of one per write.
        project_pending()
    return world


class _Copy:
    """The rows the services wrote for the small world, kept from the first build of the session."""

    snapshot: RowSnapshot[SmallWorld] | None = None


def _copied() -> SmallWorld:
    """The small world written back row for row, as the services left it: a fraction of the cost of building it."""
    if _Copy.snapshot is None:
        _Copy.snapshot = RowSnapshot.take(_build)
    snapshot = _Copy.snapshot
    built = snapshot.restore()
    # Fresh instances for every test, made from the rows just written: a test may change the ones it is given.
    fresh: dict[str, Any] = {field.name: _fresh(record, snapshot.rows) for field, record in _records(built)}
    return replace(built, **fresh)


def _fresh(record: Model, rows: Rows) -> Model:
    """A new instance of `record` from its row, as if read from the database."""
    model = type(record)
    row = next(row for row in rows[model] if row[model._meta.pk.attname] == record.pk)
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, [row[name] for name in names])


def _records(world: SmallWorld) -> list[tuple[Field[Any], Model]]:
    return [(field, getattr(world, field.name)) for field in fields(world)]


def _directory_is_empty() -> bool:
    """Whether no directory table has a row: only then can the copy's ids and what the services would do agree."""
    tables = [model._meta.db_table for model in apps.get_app_config("directory").get_models(include_auto_created=True)]
    quote = connection.ops.quote_name
    # One round trip for every table (names from the models; no value reaches the statement).
    probe = " UNION ALL ".join(
        f"SELECT * FROM (SELECT 1 FROM {quote(table)} LIMIT 1) AS t{at}"  # noqa: S608
        for at, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS ({probe})")
        return not cursor.fetchone()[0]


def _build() -> SmallWorld:
    for code, name_en, name_ru in [
        ("ru", "Russian", "русский"),
        ("ky", "Kyrgyz", "киргизский"),
        ("en", "English", "английский"),
    ]:
        geography.ensure_language(code=code, name_en=name_en, name_ru=name_ru)
    geography.create_country(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан", name_local="Кыргызстан")
    geography.create_country(code="KZ", name_en="Kazakhstan", name_ru="Казахстан", borders=["KG"])
    geography.create_country(code="UZ", name_en="Uzbekistan", name_ru="Узбекистан", borders=["KG", "KZ"])
    geography.create_country(code="IT", name_en="Italy", name_ru="Италия")
    tashkent = geography.create_city(country_code="UZ", name_en="Tashkent", name_ru="Ташкент", name_local="Toshkent")
    cybercrime = topics.create_topic(slug="cybercrime", name_en="Cybercrime", name_ru="Киберпреступность")
    darknet = topics.create_topic(
        slug="darknet-drugs", name_en="Darknet drug trafficking", broader_slugs=["cybercrime"]
    )
    crypto = topics.create_topic(
        slug="crypto-laundering", name_en="Cryptocurrency laundering", broader_slugs=["cybercrime"]
    )
    kg_police = institutions.create_agency(country_code="KG", name_en="Ministry of Internal Affairs", kind="interior")
    kz_police = institutions.create_agency(country_code="KZ", name_en="Ministry of Internal Affairs", kind="interior")
    uz_prosecutor = institutions.create_agency(
        country_code="UZ", name_en="General Prosecutor's Office", kind="prosecutor", city=tashkent
    )
    partner = institutions.create_organisation(
        name_en="Central Counter-Narcotics Directorate", kind="law_enforcement", country_code="IT"
    )
    workshop = events.create_event(
        title="Investigation of Money Laundering with Cryptocurrencies",
        short_title="Crypto",
        city=tashkent,
        starts_on=datetime.date(2017, 11, 27),
        ends_on=datetime.date(2017, 12, 1),
        topics=[crypto],
        trainers=[partner],
    )
    asel = officers.create_officer(
        name_native="Асель Токтогулова",
        name_latin="Asel Toktogulova",
        agency=kg_police,
        languages=["ru", "ky"],
        expertise={crypto: 2},
    )
    bakyt = officers.create_officer(
        name_native="Бакыт Токаев",
        name_latin="Bakyt Tokayev",
        agency=kz_police,
        languages=["ru"],
        expertise={crypto: 3, darknet: 1},
    )
    dilnoza = officers.create_officer(
        name_native="Dilnoza Karimova",
        name_latin="Dilnoza Karimova",
        agency=uz_prosecutor,
        languages=["ru", "en"],
        expertise={darknet: 3},
    )
    for officer in (asel, bakyt):
        events.record_participation(officer, workshop, rating="excellent")
    officers.record_acquaintance(asel, bakyt, source="met_at_event", event=workshop)
    events.record_coverage(organisation=partner, country_code="UZ", topic=darknet)
    for officer in (asel, bakyt, dilnoza):
        officer.refresh_from_db()
    return SmallWorld(
        cybercrime, darknet, crypto, kg_police, kz_police, uz_prosecutor, workshop, partner, asel, bakyt, dilnoza
    )
