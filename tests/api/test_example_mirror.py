"""examples/mirror.py against a live server: it mirrors every change, resumes from its cursor, loses nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from directory.models import User
from directory.services import officers
from directory.services.access import issue_api_token
from directory.services.webhooks import publish_changes
from tests.api.test_example_client import ROOT
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


def load_mirror() -> ModuleType:
    """Import examples/mirror.py as a script would (examples/ on the path, beside liaison_client)."""
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        spec = importlib.util.spec_from_file_location("mirror", ROOT / "examples" / "mirror.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "examples"))


mirror = load_mirror()


def test_the_mirror_follows_every_change_and_resumes_from_its_cursor(live_server, tmp_path: Path) -> None:
    # given a directory, its changes published, and a read token
    world = build_small_world()
    publish_changes()
    integration = User.objects.create_user("mirror", password="a-long-test-password", role="integration")
    _, token = issue_api_token(user=integration, name="mirror", scopes=["read"])
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
