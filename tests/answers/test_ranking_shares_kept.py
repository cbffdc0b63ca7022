"""The ranking's responsiveness shares, made once while the answers stay the same and again once they change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from answers.ranking import current_ranking
from directory.models import ContactFollowUp, Officer, User
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def said(officer: Officer, username: str, answer: str) -> None:
    viewer, _ = User.objects.get_or_create(username=username, defaults={"role": User.Role.STAFF})
    moment = timezone.now() - datetime.timedelta(days=5)
    ContactFollowUp.objects.create(viewer=viewer, officer=officer, viewed_at=moment, answer=answer, answered_at=moment)


def test_the_shares_are_made_once_while_the_answers_stay_the_same_and_follow_a_new_answer() -> None:
    # given an officer three users said about: two answered, one did not
    colleague = build_small_world().dilnoza
    for username, answer in (("first", "answered"), ("second", "answered"), ("third", "no_answer")):
        said(colleague, username, answer)
    uuid = str(colleague.uuid)

    # when two questions are asked with nothing answered in between
    first, second = current_ranking(), current_ranking()
    # then they share the same unchangeable responses, and each gets its own copy of the same shares
    assert second.responses is first.responses and first.responses[uuid] == (2, 3)
    with pytest.raises(TypeError):
        first.responses[uuid] = (3, 3)  # type: ignore[index]
    shares = first.parameters()["unanswered"]
    assert shares == second.parameters()["unanswered"] == {uuid: 0.335}  # a third unanswered, in 200ths
    shares[uuid] = 0.0
    assert second.parameters()["unanswered"] == {uuid: 0.335}

    # when a fourth user says the officer did not answer
    said(colleague, "fourth", "no_answer")
    third = current_ranking()
    # then the next question counts it
    assert third.responses is not first.responses and third.responses[uuid] == (2, 4)
    assert third.parameters()["unanswered"] == {uuid: 0.5}
