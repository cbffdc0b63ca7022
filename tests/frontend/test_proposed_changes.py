"""Proposed changes: the officer proposes (through their link or signed in), the steward decides field by field."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from directory.demo import DEMO_OFFICER, DEMO_STEWARD, DemoSummary
from directory.models import ChangeLog, ChangeProposal, ConfirmationRequest, Officer, ProposedChange, User
from frontend.forms.proposals import ProposalForm
from tests.frontend.test_confirmation_requests import _ask, _stale_kyrgyz_officer

pytestmark = pytest.mark.django_db


def _form(officer: Officer, **changes: object) -> dict[str, object]:
    """The proposal form as a browser posts it: the entry as stored, with these fields changed."""
    return {**ProposalForm.initial_for(officer), "action": "propose", **changes}


def test_a_proposal_through_the_link_is_accepted_and_rejected_field_by_field(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given an officer who proposes a new position and new languages through their link
    officer = _stale_kyrgyz_officer()
    languages_before = sorted(officer.languages.values_list("code", flat=True))
    path = _ask(sign_in(DEMO_STEWARD), officer)
    sent = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        path, _form(officer, position="Head of the cybercrime unit", languages=["en"])
    )
    assert sent.status_code == 200 and "went to your data steward" in sent.content.decode()
    assert Client().get(path).status_code == 410

    # when the steward opens the queue, accepts the position and rejects the languages
    steward = sign_in(DEMO_STEWARD)
    queue = steward.get("/steward/proposals/")
    changes = {change.field: change for change in ProposedChange.objects.filter(proposal__officer=officer)}
    assert set(changes) == {"position", "languages"}
    steward.post(f"/steward/proposals/{changes['position'].pk}/decide/", {"decision": "accept"})
    officer.refresh_from_db()
    confirmed_midway = officer.last_confirmed_at
    steward.post(f"/steward/proposals/{changes['languages'].pk}/decide/", {"decision": "reject"})

    # then the queue showed both, the position changed through the services, the languages did not,
    # and the entry is confirmed once every field is decided
    html = queue.content.decode()
    assert "Head of the cybercrime unit" in html and "Languages" in html
    officer.refresh_from_db()
    assert officer.position == "Head of the cybercrime unit"
    assert sorted(officer.languages.values_list("code", flat=True)) == languages_before
    assert ChangeLog.objects.filter(record_uuid=officer.uuid, after__position="Head of the cybercrime unit").exists()
    assert confirmed_midway < timezone.now() - datetime.timedelta(days=300)
    assert officer.last_confirmed_at.date() == timezone.now().date()
    assert ChangeProposal.objects.get(officer=officer).closed_at is not None
    assert ConfirmationRequest.objects.get(officer=officer).answer == "proposed"
    assert steward.get("/steward/proposals/").context["rows"] == []


def test_accepted_contact_details_replace_the_old_ones(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    Client(HTTP_ACCEPT_LANGUAGE="en").post(
        path, _form(officer, contacts="email: new.address@mvd.example.kg\nmobile: +996 555 000 111")
    )
    change = ProposedChange.objects.get(proposal__officer=officer)
    sign_in(DEMO_STEWARD).post(f"/steward/proposals/{change.pk}/decide/", {"decision": "accept"})
    assert sorted(officer.contacts.values_list("kind", "value")) == [
        ("email", "new.address@mvd.example.kg"),
        ("mobile", "+996 555 000 111"),
    ]


def test_a_proposal_that_changes_nothing_is_refused_and_the_link_still_works(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(path, _form(officer))
    assert response.status_code == 200
    assert "Nothing differs from the entry as it stands" in response.content.decode()
    assert not ChangeProposal.objects.exists()
    assert Client().post(path, {"action": "confirm"}).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("position", "x" * 5000, "Keep the position to 200 characters"),
        ("position", "Head\u202eof unit", "Remove the hidden character U+202E"),
        ("contacts", "pigeon: coo", "Line 1: write it as kind: value"),
        ("contacts", "email: " + "a" * 300, "Each contact value needs 1 to 200 characters"),
        ("contacts", "x" * 5000, "at most 4000 characters"),
    ],
)
def test_bad_values_are_named_beside_their_field_and_nothing_is_kept(
    sign_in: Callable[..., Client], demo: DemoSummary, field: str, value: str, message: str
) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(path, _form(officer, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was sent" in response.content.decode()
    assert not ChangeProposal.objects.exists()
    assert ConfirmationRequest.objects.get(officer=officer).answered_at is None


def test_a_signed_in_officer_proposes_from_their_own_profile(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    officer = sign_in(DEMO_OFFICER)
    assert "/account/my-entry/propose/" in officer.get(f"/officers/{me.uuid}/").content.decode()
    form = {**ProposalForm.initial_for(me), "position": "Senior investigator"}
    response = officer.post("/account/my-entry/propose/", form)
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get(officer=me)
    assert proposal.proposed_by.username == DEMO_OFFICER
    assert list(proposal.changes.values_list("field", "value")) == [("position", "Senior investigator")]


def test_a_steward_cannot_decide_another_countrys_proposal(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    from directory.services.proposals import propose_changes

    kazakh = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    proposal = propose_changes(kazakh, {"position": "Chief"})
    change = proposal.changes.get()
    steward = sign_in(DEMO_STEWARD)
    assert steward.get("/steward/proposals/").context["rows"] == []
    response = steward.post(f"/steward/proposals/{change.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 403
    change.refresh_from_db()
    kazakh.refresh_from_db()
    assert change.decision == "pending" and kazakh.position != "Chief"


def test_a_change_decided_already_is_not_decided_twice(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _stale_kyrgyz_officer()
    path = _ask(sign_in(DEMO_STEWARD), officer)
    Client(HTTP_ACCEPT_LANGUAGE="en").post(path, _form(officer, position="Chief"))
    change = ProposedChange.objects.get(proposal__officer=officer)
    steward = sign_in(DEMO_STEWARD)
    steward.post(f"/steward/proposals/{change.pk}/decide/", {"decision": "reject"})
    again = steward.post(f"/steward/proposals/{change.pk}/decide/", {"decision": "accept"}, follow=True)
    assert "This change was rejected already" in again.content.decode()
    officer.refresh_from_db()
    assert officer.position != "Chief"


def test_an_officer_cannot_open_the_stewards_queue(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    assert sign_in(DEMO_OFFICER).get("/steward/proposals/").status_code == 403
    assert mail.outbox == []
