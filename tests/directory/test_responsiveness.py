"""The responsiveness figures the ranking counts: three users at least, the last twelve months, yes and no only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from directory.models import ContactFollowUp, User
from directory.responsiveness import Responsiveness, figures_for_ranking, responsiveness
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def test_the_ranking_counts_the_figure_once_three_users_have_said() -> None:
    # given an officer two users said did not answer, and another who said "wrong contact details"
    colleague = build_small_world().dilnoza
    now = timezone.now()

    def said(username: str, answer: str, days_ago: int = 5) -> None:
        viewer, _ = User.objects.get_or_create(username=username, defaults={"role": User.Role.STAFF})
        moment = now - datetime.timedelta(days=days_ago)
        ContactFollowUp.objects.create(
            viewer=viewer, officer=colleague, viewed_at=moment, answer=answer, answered_at=moment
        )

    said("first", "no_answer")
    said("second", "answered")
    said("second", "no_answer", days_ago=40)  # the same user again: still two users
    said("third", "wrong_contact")  # against the entry, not the officer
    said("fourth", "no_answer", days_ago=400)  # more than twelve months ago
    assert str(colleague.uuid) not in figures_for_ranking()

    # when a third user says within the twelve months, the ranking counts every yes and no of them
    said("fifth", "answered")
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=2, asked=4)
    # and a year later, the old answers no longer count
    assert str(colleague.uuid) not in figures_for_ranking(now=now + datetime.timedelta(days=365))


def test_an_officer_who_answered_every_request_is_not_in_the_ranking_figures() -> None:
    colleague = build_small_world().dilnoza
    for index in range(3):
        viewer = User.objects.create(username=f"satisfied-{index}", role=User.Role.STAFF)
        ContactFollowUp.objects.create(
            viewer=viewer, officer=colleague, viewed_at=timezone.now(), answer="answered", answered_at=timezone.now()
        )
    assert responsiveness(colleague) == Responsiveness(answered=3, asked=3)
    assert str(colleague.uuid) not in figures_for_ranking()
