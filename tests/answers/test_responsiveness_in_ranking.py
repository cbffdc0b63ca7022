"""Responsiveness in the ranking: of two equal experts, the one users say seldom answers comes second, lightly."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

import pytest
from django.utils import timezone, translation

from answers.questions import Counterpart, counterparts
from directory.models import ContactFollowUp, Officer, User
from directory.services import officers
from graph.projector import project_pending
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)  # the graph is projected only after a real commit


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The sentences as an English page says them, whatever an earlier request activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def world() -> SmallWorld:
    world = build_small_world()
    # Zarina, in Kazakhstan, is as much an expert on darknet drug trafficking as Dilnoza in Uzbekistan.
    officers.create_officer(
        name_native="Зарина Алиева",
        name_latin="Zarina Aliyeva",
        agency=world.kz_police,
        languages=["ru"],
        expertise={world.darknet: 3},
    )
    officers.add_contact_channel(world.dilnoza, kind="email", value="dilnoza@example.org", visibility="signed_in")
    assert project_pending().pending == 0
    return world


def users_said(officer: Officer, answers: Sequence[str], *, days_ago: int = 10, by: Sequence[str] = ()) -> None:
    """Users (those named `by`, else one each) said whether the officer answered a request `days_ago` days ago."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    for index, answer in enumerate(answers):
        name = by[index] if by else f"asker-{days_ago}-{index}"
        viewer, _ = User.objects.get_or_create(username=name, defaults={"role": User.Role.STAFF})
        seen = when - datetime.timedelta(minutes=index)
        ContactFollowUp.objects.create(viewer=viewer, officer=officer, viewed_at=seen, answer=answer, answered_at=when)


def darknet_experts(world: SmallWorld, viewer: User) -> list[Counterpart]:
    found = counterparts(viewer, topic=str(world.darknet.uuid), officer=str(world.asel.uuid), scope="all")
    return [c for c in found if c.officer.name_latin in ("Dilnoza Karimova", "Zarina Aliyeva")]


def staff() -> User:
    return User.objects.get_or_create(username="staff-asking", defaults={"role": User.Role.STAFF})[0]


def test_of_two_equal_experts_the_one_who_seldom_answers_ranks_second(world: SmallWorld) -> None:
    # given two equal experts, ranked by name while nobody has said anything
    before = darknet_experts(world, staff())
    assert [c.officer.name_latin for c in before] == ["Dilnoza Karimova", "Zarina Aliyeva"]
    assert before[0].score == before[1].score == 22  # expertise 30, not verified −5, not current −3

    # when three users say Dilnoza answered one of their three requests
    users_said(world.dilnoza, ["no_answer", "answered", "no_answer"])
    zarina, dilnoza = after = darknet_experts(world, staff())

    # then Dilnoza comes second, 1.33 points lower, and her last reason says why with the figures
    assert [c.officer.name_latin for c in after] == ["Zarina Aliyeva", "Dilnoza Karimova"]
    assert (zarina.score, dilnoza.score) == (22, 20.67)
    unanswered = dilnoza.reasons[-1]
    assert (unanswered.kind, unanswered.points) == ("unanswered", -1.33)
    assert unanswered.text == "answered 1 of 3 requests in the last twelve months"
    assert (unanswered.found.answered, unanswered.found.asked) == (1, 3)
    assert round(sum(reason.points for reason in dilnoza.reasons), 2) == dilnoza.score
    assert "unanswered" not in [reason.kind for reason in zarina.reasons]
    # and a page lists it with the marks of trust, at the end, and in the score's sentence
    assert [line.kind for line in dilnoza.listed][-3:] == ["unverified", "stale", "unanswered"]
    assert dilnoza.listed[-1].label == "Unanswered requests" and dilnoza.listed[-1].points == "\u22121.3"
    assert dilnoza.score_sentence.endswith("unanswered requests \u22121.3.")


def test_an_officer_who_never_answers_loses_less_than_a_mark_of_trust(world: SmallWorld) -> None:
    users_said(world.dilnoza, ["no_answer"] * 4)
    zarina, dilnoza = darknet_experts(world, staff())
    assert dilnoza.reasons[-1].points == -2 and dilnoza.score == zarina.score - 2
    assert dilnoza.reasons[-1].text == "answered 0 of 4 requests in the last twelve months"


def test_too_few_users_wrong_contacts_and_old_answers_cost_nothing(world: SmallWorld) -> None:
    # given two users who said no (one of them three times), two who said the details were wrong, and three
    # users who said no more than a year ago
    users_said(world.dilnoza, ["no_answer", "no_answer"], by=["aida", "bolot"])
    users_said(world.dilnoza, ["no_answer", "no_answer"], days_ago=40, by=["aida", "aida"])
    users_said(world.dilnoza, ["wrong_contact", "wrong_contact"], by=["chynara", "daniyar"])
    users_said(world.dilnoza, ["no_answer"] * 3, days_ago=400)
    # then Dilnoza still ranks first by name, with nothing against her answers
    dilnoza, zarina = darknet_experts(world, staff())
    assert dilnoza.officer.name_latin == "Dilnoza Karimova" and dilnoza.score == zarina.score
    assert "unanswered" not in [reason.kind for reason in dilnoza.reasons]


def test_the_figures_go_only_to_those_who_may_see_the_contact_details(world: SmallWorld) -> None:
    # given Dilnoza's only contact is for stewards, and three users said she answered one of three requests
    world.dilnoza.contacts.update(visibility="stewards")
    users_said(world.dilnoza, ["no_answer", "answered", "no_answer"])
    # when programme staff (who may not see it) ask
    _zarina, dilnoza = darknet_experts(world, staff())
    # then the points stay, the figures do not
    unanswered = dilnoza.reasons[-1]
    assert (unanswered.kind, unanswered.points) == ("unanswered", -1.33)
    assert (unanswered.found.answered, unanswered.found.asked) == (None, None)
    assert unanswered.text == "left some requests unanswered in the last twelve months"
