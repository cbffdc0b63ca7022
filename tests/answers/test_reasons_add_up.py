"""Every point of a counterpart's score is explained, whatever the limit, on the demo and a generated directory."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from answers.questions import Counterpart, counterparts
from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.freshness import is_stale
from directory.generator import generate_directory
from directory.models import ContactFollowUp, Officer, Topic, User
from directory.responsiveness import figures_for_ranking
from directory.services.followups import answers_changed
from directory.services.officers import confirm_officer_current, verify_officer
from graph.projector import project_pending

SMALL, LARGE = 3, 100


def described(found: Counterpart) -> list[tuple[str, str, float, str | None]]:
    """A counterpart's reasons as the viewer gets them: kind, sentence, points and the officer named."""
    return [
        (reason.kind, reason.text, reason.points, str(reason.officer.uuid) if reason.officer else None)
        for reason in found.reasons
    ]


def check_every_answer(user: User, questions: list[dict[str, object]]) -> int:
    """Ask each question with a small and a large limit; check the points, the marks and the limit. Counts answers."""
    answers = 0
    unanswered = figures_for_ranking()
    for question in questions:
        large = counterparts(user, **question, limit=LARGE)
        small = counterparts(user, **question, limit=SMALL)
        by_officer = {found.officer.pk: found for found in large}
        for found in large:
            answers += 1
            # every point of the score is a reason's
            assert round(sum(reason.points for reason in found.reasons), 2) == found.score, described(found)
            # the marks say what the directory holds, as reasons and as fields
            officer = found.officer
            assert found.verified == (officer.verified_at is not None)
            assert found.stale == is_stale(officer.last_confirmed_at)
            kinds = [reason.kind for reason in found.reasons]
            assert ("unverified" in kinds) == (not found.verified)
            assert ("stale" in kinds) == found.stale
            assert ("unanswered" in kinds) == (str(officer.uuid) in unanswered)
        assert [found.score for found in large] == sorted((found.score for found in large), reverse=True)
        # a smaller limit keeps the best ones, each with the very same reasons
        assert [found.officer.pk for found in small] == [found.officer.pk for found in large[:SMALL]]
        for found in small:
            assert described(found) == described(by_officer[found.officer.pk])
    return answers


def users_said(officers: list[Officer], users: int) -> None:
    """Two to `users` users said about each officer whether a request was answered: always, never, now and then."""
    askers = [
        User.objects.create(username=f"asker-for-the-test-{index}", role=User.Role.STAFF) for index in range(users)
    ]
    now = timezone.now()
    yes, no, wrong = (
        ContactFollowUp.Answer.ANSWERED,
        ContactFollowUp.Answer.NO_ANSWER,
        ContactFollowUp.Answer.WRONG_CONTACT,
    )
    pattern = [yes, no, no, yes, wrong, no, yes]
    ContactFollowUp.objects.bulk_create(
        ContactFollowUp(
            viewer=asker,
            officer=officer,
            viewed_at=now - datetime.timedelta(days=10 + position % 300),
            answered_at=now - datetime.timedelta(days=5 + position % 300),
            answer=pattern[(position * 5 + index * index * 3 + index) % len(pattern)],
        )
        for position, officer in enumerate(officers)
        for index, asker in enumerate(askers[: 2 + position % (users - 1)])
    )
    answers_changed()  # written in bulk, without the signal a save sends


@pytest.mark.neo4j
@pytest.mark.django_db
def test_reasons_add_up_on_the_demo_data(demo: DemoSummary) -> None:
    officer_user = User.objects.get(username=DEMO_OFFICER)
    me = str(officer_user.officer.uuid)
    topics = [str(uuid) for uuid in Topic.objects.values_list("uuid", flat=True)]
    questions: list[dict[str, object]] = []
    for topic in topics:
        questions.append({"topic": topic, "officer": me, "scope": "neighbours"})
        questions.append({"topic": topic, "officer": me, "scope": "all"})
        questions.append({"topic": topic, "officer": me, "scope": "all", "language": "ru"})
    answers = check_every_answer(officer_user, questions)
    staff = User.objects.get(username=DEMO_STAFF)
    answers += check_every_answer(staff, [{"topic": topic, "scope": "all"} for topic in topics])
    assert answers > 100, "the demo answers many questions"


@pytest.mark.django_db(transaction=True)
def test_reasons_add_up_on_a_generated_directory() -> None:
    # given a generated directory, a tenth of it verified and another tenth confirmed current without a check
    generate_directory(officers=400, seed=29)
    steward = User.objects.create(username="steward-for-the-test", role=User.Role.STEWARD)
    generated = list(Officer.objects.order_by("id"))
    for officer in generated[::10]:
        verify_officer(officer, by=steward)
    for officer in generated[5::10]:
        confirm_officer_current(officer)
    # and users said whether a third of the officers answered: some always, some never, most now and then
    said_about = generated[::3]
    users_said(said_about, users=4)
    assert project_pending().pending == 0
    staff = User.objects.create(username="staff-for-the-test", role=User.Role.STAFF)
    topics = [str(uuid) for uuid in Topic.objects.values_list("uuid", flat=True)]
    askers = [str(officer.uuid) for officer in generated[::50]]
    questions: list[dict[str, object]] = [
        {"topic": topic, "officer": asker, "scope": scope}
        for topic in topics[::2]
        for asker in askers[:4]
        for scope in ("neighbours", "all")
    ]
    # when each is asked, then every answer adds up, today and when everything has gone stale
    assert check_every_answer(staff, questions) > 100
    assert len(figures_for_ranking()) > 20, "the responsiveness factor is exercised"
    with override_settings(LIAISON_STALE_AFTER_DAYS=0):
        assert check_every_answer(staff, questions[:10]) > 10
