"""'Did they answer?': asked days after a contact look-up, answered in one click; figures and reports follow."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import ContactAccessLog, ContactChannel, ContactFollowUp, Officer, User
from directory.responsiveness import Responsiveness, responsiveness
from directory.services.followups import ask_due_follow_ups

pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]  # the profile page asks the graph for introductions


def _kyrgyz_colleague() -> Officer:
    """A Kyrgyz entry other than the demo officer's own, with contact details a verified officer may see."""
    own = User.objects.get(username=DEMO_OFFICER).officer_id
    return (
        Officer.objects.filter(agency__country__code="KG", contacts__visibility__in=["signed_in", "verified"])
        .exclude(pk=own)
        .order_by("id")
        .first()
    )


def _looked_up(client: Client, officer: Officer, days_ago: int) -> None:
    """Open the officer's profile (a logged contact look-up), then date the look-up `days_ago` days back."""
    assert client.get(f"/officers/{officer.uuid}/").status_code == 200
    row = ContactAccessLog.objects.filter(officer_uuid=officer.uuid).order_by("-id").first()
    # The log is append-only for Liaison's code; a test moves the clock back on the row itself.
    ContactAccessLog._base_manager.filter(pk=row.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))


def test_a_look_up_is_asked_about_on_the_next_visit_and_answered_in_one_click(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given an officer who looked up a colleague's contact details eight days ago
    colleague = _kyrgyz_colleague()
    viewer = sign_in(DEMO_OFFICER)
    _looked_up(viewer, colleague, days_ago=8)

    # when the job runs (twice: it asks once) and the officer comes back
    assert ask_due_follow_ups() == 1
    assert ask_due_follow_ups() == 0
    page = viewer.get("/countries/").content.decode()

    # then the banner asks about that colleague, and one click answers it
    assert "Did they answer?" in page and colleague.name_latin in page
    follow_up = ContactFollowUp.objects.get(officer=colleague)
    response = viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "answered", "next": "/countries/"})
    assert response.status_code == 302 and response["Location"] == "/countries/"
    follow_up.refresh_from_db()
    assert follow_up.answer == "answered"
    assert "Did they answer?" not in viewer.get("/countries/").content.decode()


def test_a_recent_look_up_is_not_asked_about_yet(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    _looked_up(sign_in(DEMO_OFFICER), _kyrgyz_colleague(), days_ago=2)
    assert ask_due_follow_ups() == 0
    later = timezone.now() + datetime.timedelta(days=6)
    assert ask_due_follow_ups(now=later) == 1


def test_with_htmx_the_banner_is_swapped_for_a_thank_you(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    colleague = _kyrgyz_colleague()
    viewer = sign_in(DEMO_OFFICER)
    _looked_up(viewer, colleague, days_ago=8)
    ask_due_follow_ups()
    follow_up = ContactFollowUp.objects.get(officer=colleague)
    response = viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "no_answer"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<section id="follow-up"')
    assert "Thank you" in html and "<html" not in html


def test_a_bad_or_second_answer_is_refused_and_changes_nothing(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    colleague = _kyrgyz_colleague()
    viewer = sign_in(DEMO_OFFICER)
    _looked_up(viewer, colleague, days_ago=8)
    ask_due_follow_ups()
    follow_up = ContactFollowUp.objects.get(officer=colleague)
    bad = viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "maybe" * 1000}, follow=True)
    assert "Answer with one of: answered, no_answer, wrong_contact." in bad.content.decode()
    viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "answered"})
    second = viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "no_answer"}, follow=True)
    assert "You answered this question already." in second.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.answer == "answered"


def test_no_one_else_answers_the_question(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    colleague = _kyrgyz_colleague()
    _looked_up(sign_in(DEMO_OFFICER), colleague, days_ago=8)
    ask_due_follow_ups()
    follow_up = ContactFollowUp.objects.get(officer=colleague)
    assert sign_in(DEMO_ADMIN).post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "no_answer"}).status_code == 404
    assert Client().post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "no_answer"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_the_profile_shows_the_figure_to_those_who_may_see_contacts(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given a colleague four users asked about: three got an answer, one did not
    colleague = _kyrgyz_colleague()
    for index, answer in enumerate(["answered", "answered", "answered", "no_answer"]):
        viewer = User.objects.create(username=f"asker-{index}", role=User.Role.STAFF)
        ContactFollowUp.objects.create(
            viewer=viewer, officer=colleague, viewed_at=timezone.now(), answer=answer, answered_at=timezone.now()
        )

    # then the profile says so beside the contact details
    html = sign_in(DEMO_STAFF).get(f"/officers/{colleague.uuid}/").content.decode()
    assert "Answered 3 of 4 requests this year." in html
    assert responsiveness(colleague) == Responsiveness(answered=3, asked=4)

    # and to a viewer who may see none of the contact details, not at all
    colleague.contacts.update(visibility=ContactChannel.Visibility.STEWARDS)
    assert "Answered 3 of" not in sign_in(DEMO_OFFICER).get(f"/officers/{colleague.uuid}/").content.decode()


def test_a_wrong_contact_report_reaches_the_stewards_queue_until_dealt_with(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    colleague = _kyrgyz_colleague()
    viewer = sign_in(DEMO_OFFICER)
    _looked_up(viewer, colleague, days_ago=8)
    call_command("run_job", "follow_up_questions")
    follow_up = ContactFollowUp.objects.get(officer=colleague)
    viewer.post(f"/follow-ups/{follow_up.pk}/answer/", {"answer": "wrong_contact"})

    steward = sign_in(DEMO_STEWARD)
    queue = steward.get("/steward/proposals/")
    assert [report.pk for report in queue.context["reports"]] == [follow_up.pk]
    assert steward.get("/steward/").context["wrong_contacts"] == 1
    assert viewer.post(f"/steward/reports/{follow_up.pk}/resolve/").status_code == 403
    steward.post(f"/steward/reports/{follow_up.pk}/resolve/")
    assert list(steward.get("/steward/proposals/").context["reports"]) == []
