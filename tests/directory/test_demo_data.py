"""The demo data holds the facts of the 2017 programme, and the generator gives the same directory for a seed."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction

from directory.demo import DEMO_ACCOUNTS, DEMO_OFFICER, DEMO_PASSWORD, DEMO_STEWARD, DemoSummary
from directory.generator import generate_directory
from directory.models import (
    Acquaintance,
    Agency,
    City,
    ContactChannel,
    Country,
    Coverage,
    Event,
    Officer,
    Organisation,
    OutboxEvent,
    Participation,
    Topic,
    User,
)

pytestmark = pytest.mark.django_db

Aggregate = OutboxEvent.Aggregate


@pytest.fixture(autouse=True)
def quick_password_hashing(settings: Any) -> None:
    """Hash the demo passwords cheaply: the tests check who can sign in, not the hasher's cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_eighty_demo_officers_attended_the_workshops(demo: DemoSummary) -> None:
    # then
    assert Officer.objects.count() == 80
    assert not Officer.objects.filter(is_demo=False).exists()
    assert Participation.objects.values("officer").distinct().count() == 80
    assert Participation.objects.count() > 80, "some officers attended two workshops"
    assert set(Officer.objects.values_list("agency__country__code", flat=True)) == {"KZ", "KG", "TJ", "UZ"}


def test_the_three_workshops_have_their_real_titles_dates_and_cities(demo: DemoSummary) -> None:
    # when
    workshops = [
        (event.title, event.short_title, event.city.name_en, event.city.country.code, event.starts_on, event.ends_on)
        for event in Event.objects.select_related("city__country").order_by("starts_on")
    ]
    # then
    assert workshops == [
        (
            "Drugs@Online: training on drug trafficking via the internet",
            "Drugs@Online",
            "Astana",
            "KZ",
            datetime.date(2017, 11, 20),
            datetime.date(2017, 11, 24),
        ),
        (
            "Investigation of Money Laundering with Cryptocurrencies, Money Transfer Systems and Electronic Money",
            "Crypto & MTS",
            "Tashkent",
            "UZ",
            datetime.date(2017, 11, 27),
            datetime.date(2017, 12, 1),
        ),
        (
            "Computer facilitated crimes against children",
            "Crimes against children online",
            "Almaty",
            "KZ",
            datetime.date(2017, 12, 4),
            datetime.date(2017, 12, 8),
        ),
    ]
    assert Event.objects.filter(programme__component="Combatting Cybercrime in Central Asia").count() == 3


def test_tajikistan_borders_exactly_afghanistan_china_kyrgyzstan_and_uzbekistan(demo: DemoSummary) -> None:
    # when
    tajikistan = Country.objects.get(code="TJ")
    # then
    assert sorted(tajikistan.neighbours.values_list("code", flat=True)) == ["AF", "CN", "KG", "UZ"]
    assert not Country.objects.get(code="IT").neighbours.exists()


def test_the_almaty_workshop_was_trained_by_its_five_partners(demo: DemoSummary) -> None:
    # when
    almaty = Event.objects.get(city__name_en="Almaty")
    # then
    assert set(almaty.trainers.values_list("name_en", flat=True)) == {
        "International Centre for Missing & Exploited Children",
        "Canadian Police Centre for Missing and Exploited Children",
        "Australian Police",
        "United States Department of Justice",
        "Federal Bureau of Investigation",
    }
    assert list(almaty.organisers.values_list("name_en", flat=True)) == ["UNODC Programme for Central Asia"]
    # The workshop's topics, and the subjects the programme text names for it.
    assert sorted(almaty.topics.values_list("slug", flat=True)) == [
        "digital-investigations",
        "interviewing-child-victims",
        "online-child-exploitation",
        "online-undercover-operations",
        "victim-and-offender-identification",
    ]


def test_every_rating_is_excellent_or_very_good_and_some_asked_for_more(demo: DemoSummary) -> None:
    # then
    assert set(Participation.objects.values_list("rating", flat=True)) == {"excellent", "very_good"}
    assert Participation.objects.filter(wants_more=True).exists()


def test_officers_know_co_attendees_across_borders(demo: DemoSummary) -> None:
    # when
    pairs = Acquaintance.objects.select_related("officer_a__agency", "officer_b__agency", "event")
    # then
    assert pairs.exists()
    assert all(pair.source == Acquaintance.Source.MET_AT_EVENT for pair in pairs)
    attended = set(Participation.objects.values_list("officer_id", "event_id"))
    assert all({(pair.officer_a_id, pair.event_id), (pair.officer_b_id, pair.event_id)} <= attended for pair in pairs)
    assert any(pair.officer_a.agency.country_id != pair.officer_b.agency.country_id for pair in pairs)


def test_each_country_has_a_verified_24_7_point_of_contact(demo: DemoSummary) -> None:
    # when
    hotlines = ContactChannel.objects.filter(kind=ContactChannel.Kind.HOTLINE).select_related("officer__agency")
    # then
    assert sorted(channel.officer.agency.country.code for channel in hotlines) == ["KG", "KZ", "TJ", "UZ"]
    assert {channel.visibility for channel in hotlines} == {ContactChannel.Visibility.VERIFIED}
    assert all(channel.officer.verified_at for channel in hotlines)
    emails = ContactChannel.objects.filter(kind=ContactChannel.Kind.EMAIL).values_list("value", flat=True)
    assert all(email.endswith("@demo.liaison.invalid") for email in emails)


def test_coverage_leaves_real_gaps(demo: DemoSummary) -> None:
    # when
    darknet = Coverage.objects.filter(topic__slug="darknet-drug-trafficking")
    # then
    assert sorted(darknet.values_list("country__code", flat=True)) == ["KZ", "UZ"]
    # A steward says the Tashkent trainers give Tajikistan no support on money transfer systems.
    tajik = Coverage.objects.get(topic__slug="money-transfer-systems", country__code="TJ")
    assert tajik.excluded and tajik.organisation.name_en.startswith("UNODC Global Programme against Money-Laundering")
    assert Coverage.objects.filter(organisation__name_en="Federal Bureau of Investigation").count() == 4


def test_a_demo_account_of_every_role_signs_in_with_the_demo_password(demo: DemoSummary) -> None:
    # when
    signed_in = {
        account.username: authenticate(username=account.username, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS
    }
    # then every person's account signs in; the integration has no password (it acts only through tokens)
    integration = signed_in.pop("demo-integration")
    assert integration is None
    assert all(user is not None for user in signed_in.values())
    assert {user.role for user in signed_in.values()} == set(User.Role.values) - {User.Role.INTEGRATION}
    assert signed_in["demo-admin"].is_superuser and signed_in["demo-admin"].is_staff
    assert signed_in[DEMO_STEWARD].country.code == "KG"


def test_the_demo_officer_account_is_a_verified_kyrgyz_interior_officer_from_tashkent(demo: DemoSummary) -> None:
    # when
    officer = User.objects.get(username=DEMO_OFFICER).officer
    # then
    assert officer.agency.name_en == "Ministry of Internal Affairs of the Kyrgyz Republic"
    assert officer.participations.filter(event__city__name_en="Tashkent").exists()
    assert officer.verified_by is not None and officer.verified_at is not None


def test_loading_the_demo_twice_changes_nothing(demo: DemoSummary) -> None:
    # given
    models = (Officer, Country, City, Topic, Agency, Organisation, Event, Participation, Acquaintance, User)
    before = {model: model.objects.count() for model in models}
    outbox_before = OutboxEvent.objects.count()
    output = StringIO()
    # when
    call_command("load_demo", stdout=output)
    # then
    assert "loaded already" in output.getvalue()
    assert {model: model.objects.count() for model in models} == before
    assert OutboxEvent.objects.count() == outbox_before


def _generated_officers(seed: int) -> list[tuple[object, str, str]]:
    """Generate 200 officers in a savepoint, note them, and roll back to the empty directory."""
    with transaction.atomic():
        generate_directory(officers=200, seed=seed)
        officers = list(Officer.objects.order_by("pk").values_list("uuid", "name_native", "name_latin"))
        transaction.set_rollback(True)
    return officers


def test_the_generator_gives_the_same_officers_for_the_same_seed() -> None:
    # given
    assert not Officer.objects.exists()
    # when
    first, second, other_seed = _generated_officers(41), _generated_officers(41), _generated_officers(42)
    # then
    assert len(first) == 200
    assert first == second
    assert other_seed != first


def test_the_generator_writes_one_outbox_event_per_created_record() -> None:
    # when
    summary = generate_directory(officers=200, seed=7, batch_size=64)
    # then
    for aggregate, model in (
        (Aggregate.OFFICER, Officer),
        (Aggregate.AGENCY, Agency),
        (Aggregate.EVENT, Event),
        (Aggregate.COUNTRY, Country),
        (Aggregate.CITY, City),
        (Aggregate.TOPIC, Topic),
        (Aggregate.ORGANISATION, Organisation),
    ):
        published = OutboxEvent.objects.filter(aggregate=aggregate).values_list("aggregate_uuid", flat=True)
        assert sorted(published) == sorted(model.objects.values_list("uuid", flat=True)), aggregate
    assert OutboxEvent.objects.count() == summary.outbox_events
    assert set(Officer.objects.values_list("version", "is_demo")) == {(1, True)}
    assert Officer.objects.count() == 200
    assert summary.acquaintances == Acquaintance.objects.count() > 200
