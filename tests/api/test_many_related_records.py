"""An answer that reaches over a thousand records through a foreign key lists every one of them."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.models import Officer, Participation
from tests.api.conftest import call
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

PARTICIPANTS = """query Participants { events(first: 5) { edges { node { uuid
  participations { role officer { nameLatin } } } } } }"""


def test_an_event_with_1100_participants_lists_each_of_them(world: SmallWorld, tokens: dict[str, str]) -> None:
    # given the workshop had 1,100 more participants (written in bulk: the answer is what is tested, not the writes)
    Officer.objects.bulk_create(
        Officer(name_native=f"Офицер {number}", name_latin=f"Participant {number:04}", agency=world.kz_police)
        for number in range(1100)
    )
    Participation.objects.bulk_create(
        Participation(officer=officer, event=world.workshop)
        for officer in Officer.objects.filter(name_latin__startswith="Participant ")
    )
    # when an integration lists the events with their participants
    answer = call(Client(), PARTICIPANTS, token=tokens["read"])
    # then the workshop lists all 1,102 by name (on SQLite a prefetch of over 1,000 officers was once refused)
    assert "errors" not in answer, answer["errors"]
    [workshop] = [e["node"] for e in answer["data"]["events"]["edges"] if e["node"]["uuid"] == str(world.workshop.uuid)]
    names = {participation["officer"]["nameLatin"] for participation in workshop["participations"]}
    assert len(names) == 1102 and {"Asel Toktogulova", "Participant 0000", "Participant 1099"} <= names
