"""The demo says what the 2017 programme text says, no more: its subjects, its year, who organised and who taught."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import Event, Organisation, OutboxEvent, Programme, Topic, User
from directory.services import topics
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def signed_in(username: str, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username=username))
    return client


# The subjects the programme text names, by slug, each under the workshop topic it was taught in.
SUBJECTS = {
    "darknet-markets": "darknet-drug-trafficking",
    "onion-routing-and-vpns": "darknet-drug-trafficking",
    "countering-online-drug-trafficking": "darknet-drug-trafficking",
    "bitcoin-investigations": "cryptocurrency-laundering",
    "money-transfer-systems": "money-laundering",
    "electronic-money": "money-laundering",
    "online-undercover-operations": "online-child-exploitation",
    "victim-and-offender-identification": "online-child-exploitation",
    "interviewing-child-victims": "online-child-exploitation",
}


def test_the_texts_subjects_are_topics_named_in_russian_and_taught_at_their_workshop(demo: DemoSummary) -> None:
    for slug, broader in SUBJECTS.items():
        topic = Topic.objects.get(slug=slug)
        assert topic.name_ru, slug
        assert broader in topic.broader.values_list("slug", flat=True), slug
        assert topic.events.exists(), f"{slug}: no workshop is about it"


def test_drug_trafficking_via_the_internet_sits_under_both_broader_topics(demo: DemoSummary) -> None:
    darknet = Topic.objects.get(slug="darknet-drug-trafficking")
    assert sorted(t.slug for t in darknet.ancestors()) == ["cybercrime", "drug-trafficking"]
    drugs = Topic.objects.get(slug="drug-trafficking")
    assert darknet.pk in drugs.narrower_ids() and Topic.objects.get(slug="darknet-markets").pk in drugs.narrower_ids()


def test_the_programme_started_in_2017_on_no_invented_day(demo: DemoSummary) -> None:
    programme = Programme.objects.get()
    assert programme.started_on is None and programme.started_in == 2017 and programme.start_year == 2017


def test_each_organisation_has_the_role_the_text_gives_it(demo: DemoSummary) -> None:
    drugs = Event.objects.get(short_title="Drugs@Online")
    # "organized in cooperation with the Embassy of Italy ... and the Italian Central Counter-Narcotics Directorate"
    assert set(drugs.organisers.values_list("name_en", flat=True)) == {
        "UNODC Programme for Central Asia",
        "Embassy of Italy in the Republic of Uzbekistan",
        "Italian Central Counter-Narcotics Directorate",
    }
    assert not drugs.trainers.exists(), "the text does not say who taught in Astana"
    tashkent = Event.objects.get(city__name_en="Tashkent")
    assert [o.name_en for o in tashkent.trainers.all()] == [
        "UNODC Global Programme against Money-Laundering, Proceeds of Crime and the Financing of Terrorism"
    ]


def test_the_programme_page_gives_the_year_only(demo: DemoSummary) -> None:
    sweden = Organisation.objects.get(name_en="Government of Sweden")
    english = signed_in(DEMO_OFFICER).get(f"/organisations/{sweden.uuid}/").content.decode()
    assert "· funded · started in 2017</li>" in english
    russian = signed_in(DEMO_OFFICER, "ru").get(f"/organisations/{sweden.uuid}/").content.decode()
    assert "начата в 2017 г." in russian


def test_a_topic_may_be_added_under_two_broader_topics(world: SmallWorld) -> None:
    both = topics.create_topic(slug="crypto-darknet", name_en="Darknet payments", broader_slugs=["darknet-drugs"])
    topics.update_topic(both, broader=[world.crypto, Topic.objects.get(slug="darknet-drugs")])
    assert sorted(t.slug for t in both.broader.all()) == ["crypto-laundering", "darknet-drugs"]
    assert both.pk in Topic.objects.get(slug="cybercrime").narrower_ids()


def test_an_unknown_broader_topic_is_named_and_nothing_is_written(world: SmallWorld) -> None:
    before = (Topic.objects.count(), OutboxEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        topics.create_topic(slug="osint", name_en="OSINT", broader_slugs=["cybercrime", "no-such-topic"])
    assert "Unknown topic 'no-such-topic'" in " ".join(refused.value.message_dict["broader"])
    assert (Topic.objects.count(), OutboxEvent.objects.count()) == before
