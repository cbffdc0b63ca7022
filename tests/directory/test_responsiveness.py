"""The responsiveness figures the ranking counts: three users at least, the last twelve months, yes and no only."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from directory.models import ContactFollowUp, Officer, User
from directory.responsiveness import Responsiveness, figures_for_ranking, responsiveness
from directory.services.followups import answer_follow_up, answers_changed, resolve_wrong_contact
from tests.factories import build_small_world
from tests.shell import database_url_for_children, run_manage

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


def answered_by_three(officer: Officer, now: datetime.datetime) -> list[ContactFollowUp]:
    """Three users asked about the officer, each question still open; the first two said the officer did not answer."""
    questions = []
    for index in range(3):
        viewer = User.objects.create(username=f"asker-{index}", role=User.Role.STAFF)
        questions.append(ContactFollowUp.objects.create(viewer=viewer, officer=officer, viewed_at=now))
    for question in questions[:2]:
        answer_follow_up(question, "no_answer", by=question.viewer)
    return questions


def test_the_figures_are_kept_between_questions_until_an_answer_changes_them(django_assert_num_queries) -> None:
    # given an officer three users asked about, two of whom said the officer did not answer
    colleague = build_small_world().dilnoza
    questions = answered_by_three(colleague, timezone.now())
    assert str(colleague.uuid) not in figures_for_ranking()  # two users have said: not counted yet
    # when the ranking asks again with nothing changed, it reads one small row, not the answers
    with django_assert_num_queries(1):
        assert str(colleague.uuid) not in figures_for_ranking()
    # when the third user answers through the page's service, the very next question counts it
    answer_follow_up(questions[2], "answered", by=questions[2].viewer)
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
    with django_assert_num_queries(1):
        assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
    # and a steward's resolution of a report, which changes no figure, does not make it count again
    resolve_wrong_contact(questions[0], by=User.objects.create(username="admin", role=User.Role.ADMIN))
    with django_assert_num_queries(1):
        figures_for_ranking()


def test_the_figures_lose_an_answer_the_moment_it_is_twelve_months_old() -> None:
    # given three users' answers about an officer, the oldest given at `first`
    colleague = build_small_world().dilnoza
    first = timezone.now()
    answered_by_three(colleague, first)
    answer = ContactFollowUp.objects.filter(officer=colleague, answer="").get()
    answer_follow_up(answer, "answered", by=answer.viewer)
    oldest = ContactFollowUp.objects.filter(officer=colleague).order_by("answered_at").first()
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
    # when the ranking asks just before the oldest answer is a year old, it still counts it
    year_later = oldest.answered_at + datetime.timedelta(days=365)
    assert figures_for_ranking(now=year_later)[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
    # and just after, the kept figures are not used: two users remain, too few to count
    assert str(colleague.uuid) not in figures_for_ranking(now=year_later + datetime.timedelta(microseconds=1))
    # and asked about an earlier moment again, the figures are counted for that moment
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)


def test_deleting_a_user_takes_their_answers_out_of_the_figures_at_once() -> None:
    colleague = build_small_world().dilnoza
    questions = answered_by_three(colleague, timezone.now())
    answer_follow_up(questions[2], "answered", by=questions[2].viewer)
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
    # when an administrator deletes one of the users, their answer goes with them (a cascade, no signal of its own)
    questions[0].viewer.delete()
    assert str(colleague.uuid) not in figures_for_ranking()


def test_figures_counted_inside_a_change_rolled_back_are_not_kept_after_it() -> None:
    colleague = build_small_world().dilnoza
    questions = answered_by_three(colleague, timezone.now())
    assert str(colleague.uuid) not in figures_for_ranking()
    # when the third answer is given and counted inside a transaction that then fails
    with pytest.raises(RuntimeError), transaction.atomic():
        answer_follow_up(questions[2], "no_answer", by=questions[2].viewer)
        assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=0, asked=3)
        raise RuntimeError("the request failed")
    # when the same change is then made for real with another answer, before the ranking asks again (a counter
    # would now read as it did inside the failed transaction)
    answer_follow_up(questions[2], "answered", by=questions[2].viewer)
    # then the figures are those of the answer given, not of the one that never was
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)


def test_answers_written_in_bulk_count_once_the_writer_says_so() -> None:
    # given figures kept with no answers
    colleague = build_small_world().dilnoza
    assert str(colleague.uuid) not in figures_for_ranking()
    now = timezone.now()
    viewers = [User.objects.create(username=f"bulk-{index}", role=User.Role.STAFF) for index in range(3)]
    # when answers are written in bulk (no signal) and the writer says the answers changed, as the model asks
    ContactFollowUp.objects.bulk_create(
        ContactFollowUp(viewer=viewer, officer=colleague, viewed_at=now, answer="no_answer", answered_at=now)
        for viewer in viewers
    )
    answers_changed()
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=0, asked=3)


@pytest.mark.django_db(transaction=True)
def test_an_answer_given_in_another_process_counts_here_at_the_next_question() -> None:
    # given figures counted here, with two of three users' answers
    colleague = build_small_world().dilnoza
    questions = answered_by_three(colleague, timezone.now())
    assert str(colleague.uuid) not in figures_for_ranking()
    # when the third user answers through another process (a web worker of its own), on the same database
    answered = run_manage(
        "shell",
        "-c",
        "from directory.models import ContactFollowUp as F\n"
        "from directory.services.followups import answer_follow_up\n"
        f"question = F.objects.get(pk={questions[2].pk})\n"
        "answer_follow_up(question, 'answered', by=question.viewer)",
        DATABASE_URL=database_url_for_children(),
    )
    assert answered.returncode == 0, answered.stderr
    # then this process's next question counts it
    assert figures_for_ranking()[str(colleague.uuid)] == Responsiveness(answered=1, asked=3)
