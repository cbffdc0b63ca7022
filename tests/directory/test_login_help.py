"""`make run` ends by saying how to sign in to the demo, at the address it serves on."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_sign_in_address_is_the_one_served(demo: None) -> None:
    out = StringIO()
    call_command("login_help", url="http://127.0.0.1:8103/", stdout=out)
    assert "Sign in at http://127.0.0.1:8103/login/" in out.getvalue()
    assert "demo-only credentials" in out.getvalue()
