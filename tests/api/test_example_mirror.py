"""examples/mirror.py against a live server: it mirrors every change, resumes from its cursor, loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.models import User
from directory.services import officers
from directory.services.webhooks import publish_changes
from tests.api.test_example_client import bound_token, load_example
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


mirror = load_example("mirror")


def test_the_mirror_follows_every_change_and_resumes_from_its_cursor(live_server, tmp_path: Path) -> None:
    # given a directory, its changes published, and a read token
    world = build_small_world()
    publish_changes()
    integration = User.objects.create_user("mirror", password="a-long-test-password", role="integration")
    _, token = bound_token(integration, "mirror")
    client = mirror.make_client(live_server.url, token)
    state_file = tmp_path / "mirror.json"
    # when the mirror syncs from nothing
    state = mirror.load_state(state_file)
    first = mirror.sync(client, state)
    mirror.save_state(state_file, state)
    # then it holds every record of the directory
    assert str(world.asel.uuid) in state["records"] and first > 20
    # when Asel moves agency and Dilnoza is erased, and the mirror syncs again from its saved file
    officers.update_officer(world.asel, agency=world.kz_police)
    officers.erase_officer(world.dilnoza)
    publish_changes()
    state = mirror.load_state(state_file)
    applied = mirror.sync(client, state)
    # then only the new changes arrive, each naming what changed, and the erased entry is marked gone
    assert state["records"][str(world.asel.uuid)]["last_change"] == "officer.moved_agency"
    assert state["records"][str(world.asel.uuid)]["last_fields"] == ["agency"]
    assert state["records"][str(world.dilnoza.uuid)]["deleted"] is True
    assert applied < 10
    # and a sync with nothing new applies nothing
    assert mirror.sync(client, state) == 0
    assert mirror.main(["--url", live_server.url, "--state", str(state_file)]) == 1  # no token in the environment
