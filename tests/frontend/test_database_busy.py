"""A page whose write cannot get its lock in time answers 503 with Retry-After, in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.models import Country, Officer, User
from tests.factories import SmallWorld, build_small_world
from tests.locks import officer_row_locked, wait_for_locks_at_most

# The lock is held from another connection, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.mark.parametrize(("language", "words"), [("en", "Busy, try again"), ("ru", "Занято, повторите попытку")])
def test_verifying_an_entry_another_writer_holds_answers_503_with_retry_after(
    world: SmallWorld, language: str, words: str
) -> None:
    # given a steward of the officer's country, another writer holding the entry, and a short lock wait
    steward = User.objects.create_user(
        "steward-kz", password="a-long-test-password", role="steward", country=Country.objects.get(code="KZ")
    )
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(steward)
    wait_for_locks_at_most(100)
    with officer_row_locked(world.bakyt):
        # when the steward presses "verify"
        response = browser.post(f"/officers/{world.bakyt.uuid}/verify/")

    # then the page says the directory is busy and when to try again, and the entry is not verified
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert words in response.content.decode()
    assert Officer.objects.get(pk=world.bakyt.pk).verified_at is None

    # and pressing it again once the other writer is done verifies the entry
    assert browser.post(f"/officers/{world.bakyt.uuid}/verify/").status_code == 302
    assert Officer.objects.get(pk=world.bakyt.pk).verified_by == steward
