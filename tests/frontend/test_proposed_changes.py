"""Proposed changes: the officer proposes (through their link or signed in), the steward decides field by field."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.demo import DEMO_OFFICER, DEMO_STEWARD, DemoSummary
from directory.models import (
    Agency,
    ChangeLog,
    ChangeProposal,
    ConfirmationRequest,
    ContactAccessLog,
    Officer,
    ProposedChange,
    Topic,
    User,
)
from directory.services.proposals import propose_changes
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


def _propose_everything(officer: Officer, number: int) -> None:
    """Propose a change to each of the entry's five fields, as an officer would through their link."""
    agency = Agency.objects.filter(country=officer.agency.country).exclude(pk=officer.agency_id).first()
    topic = Topic.objects.exclude(expertise__officer=officer).order_by("slug").first()
    propose_changes(
        officer,
        {
            "position": f"Head of unit {number}",
            "agency": agency,
            "languages": ["en", "ru"],
            "expertise": {topic.slug: 3},
            "contacts": [["email", f"proposed{number}@mvd.example.kg"]],
        },
    )


def test_the_queue_of_four_proposals_takes_the_queries_of_one_and_logs_the_contacts_reviewed(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given one Kyrgyz entry with a proposal to change every field, then three more
    entries = list(
        Officer.objects.filter(agency__country__code="KG", contacts__isnull=False).distinct().order_by("pk")[:4]
    )
    steward = sign_in(DEMO_STEWARD)
    _propose_everything(entries[0], 0)
    steward.get("/steward/proposals/")  # the session's first page records its activity
    with CaptureQueriesContext(connection) as one:
        first = steward.get("/steward/proposals/")
    for number, officer in enumerate(entries[1:], start=1):
        _propose_everything(officer, number)
    logged_before = ContactAccessLog.objects.count()
    # when the steward opens the queue with all four
    with CaptureQueriesContext(connection) as four:
        queue = steward.get("/steward/proposals/")
    # then it shows each field now and as proposed, names included, in as many queries as for one entry
    html = queue.content.decode()
    assert len(first.context["rows"]) == 5 and len(queue.context["rows"]) == 20
    row = next(r for r in queue.context["rows"] if r["officer"] == entries[3] and r["change"].field == "languages")
    assert row["proposed"] == ["English", "Russian"]
    assert "Head of unit 3" in html and "proposed3@mvd.example.kg" in html
    reads = [[q for q in c.captured_queries if q["sql"].startswith("SELECT")] for c in (one, four)]
    assert len(reads[0]) == len(reads[1]), [q["sql"][:100] for q in reads[1]]
    # and each entry's contact details reviewed are logged, once each
    logged = ContactAccessLog.objects.order_by("pk")[logged_before:]
    assert sorted(log.officer_uuid for log in logged) == sorted(officer.uuid for officer in entries)
    assert {log.reason for log in logged} == {"reviewing proposed contact details"}
