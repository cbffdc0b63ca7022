"""API tokens: shown once, stored only as a keyed hash, refused when expired, revoked, wrong or malformed."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from directory.models import ApiToken, ContactAccessLog, User
from directory.services.access import authenticate_api_token, issue_api_token, log_contact_access, revoke_api_token
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration() -> User:
    return User.objects.create_user("case-system", password="a-long-test-password", role="integration")


def test_an_issued_token_is_returned_once_and_only_its_hash_is_stored(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="case-system sync", scopes=["read"])
    assert plaintext.startswith("lsn_") and len(plaintext) >= 40
    assert plaintext[4:12] == token.prefix
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(plaintext in str(value) for value in stored.values())
    assert not any(plaintext[12:] in str(value) for value in stored.values())
    assert len(stored["key_hash"]) == 64
    assert token.expires_at is not None
    assert datetime.timedelta(days=89) < token.expires_at - timezone.now() <= datetime.timedelta(days=90)


def test_two_tokens_differ(integration: User) -> None:
    _, first = issue_api_token(user=integration, name="one", scopes=["read"])
    _, second = issue_api_token(user=integration, name="two", scopes=["read"])
    assert first != second


def test_the_token_authenticates_its_user_and_records_its_use(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    assert token.last_used_at is None
    found = authenticate_api_token(plaintext)
    assert found is not None and found.pk == token.pk and found.user == integration
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_use_is_recorded_at_most_once_a_minute(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    authenticate_api_token(plaintext)
    token.refresh_from_db()
    first_use = token.last_used_at
    authenticate_api_token(plaintext)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - datetime.timedelta(minutes=2))
    authenticate_api_token(plaintext)
    token.refresh_from_db()
    assert token.last_used_at > first_use


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "lsn_",
        "not-a-token",
        "Bearer lsn_abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        "lsn_abcdefgh ijklmnopqrstuvwxyz0123456789ABC",
        "lsn_abcdefghijklmnopqrstuvwxyz0123456789ABCD\n",
    ],
)
def test_a_malformed_token_is_refused(integration: User, presented: str) -> None:
    issue_api_token(user=integration, name="sync", scopes=["read"])
    assert authenticate_api_token(presented) is None


def test_a_wrong_secret_behind_a_real_prefix_is_refused(integration: User) -> None:
    _, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    last = plaintext[-1]
    forged = plaintext[:-1] + ("A" if last != "A" else "B")
    assert authenticate_api_token(forged) is None
    assert authenticate_api_token("lsn_" + "x" * 40) is None


def test_an_expired_token_is_refused(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"], expires_in_days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert authenticate_api_token(plaintext) is None


def test_a_token_without_expiry_keeps_working(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"], expires_in_days=None)
    assert token.expires_at is None
    assert authenticate_api_token(plaintext) is not None


def test_a_revoked_token_is_refused(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    revoke_api_token(token)
    assert authenticate_api_token(plaintext) is None


def test_a_deactivated_users_token_is_refused(integration: User) -> None:
    _, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    integration.is_active = False
    integration.save()
    assert authenticate_api_token(plaintext) is None


def test_write_implies_read_and_read_does_not_allow_write(integration: User) -> None:
    reader, _ = issue_api_token(user=integration, name="reader", scopes=["read"])
    writer, _ = issue_api_token(user=integration, name="writer", scopes=["write"])
    assert reader.allows("read") and not reader.allows("write")
    assert writer.allows("read") and writer.allows("write")
    assert not writer.allows("admin")


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        ({"scopes": ["read", "admin"]}, "scopes", "admin"),
        ({"scopes": []}, "scopes", "at least one scope"),
        ({"name": "   "}, "name", "Name the token"),
        ({"expires_in_days": 0}, "expires_in_days", "1 to 3650"),
        ({"expires_in_days": 3651}, "expires_in_days", "1 to 3650"),
    ],
)
def test_bad_input_is_rejected_naming_the_field(integration: User, arguments: dict, field: str, words: str) -> None:
    given = {"user": integration, "name": "sync", "scopes": ["read"], **arguments}
    with pytest.raises(ValidationError) as raised:
        issue_api_token(**given)
    assert field in raised.value.message_dict
    assert words in " ".join(raised.value.message_dict[field])
    assert not ApiToken.objects.exists()


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_the_command_issues_lists_and_revokes(integration: User) -> None:
    # given a token issued from the command line
    issued = run("issue", "--user", "case-system", "--name", "case-system sync", "--scopes", "read,write")
    plaintext = next(line for line in issued.splitlines() if line.startswith("lsn_"))
    assert "will not be shown again" in issued
    token = authenticate_api_token(plaintext)
    assert token is not None and token.allows("write")

    # when it is listed, then its prefix shows and its secret does not
    listed = run("list", "--user", "case-system")
    assert token.prefix in listed and "case-system sync" in listed and "active" in listed
    assert plaintext not in listed and plaintext[12:] not in listed

    # when it is revoked by its prefix, then it no longer works
    revoked = run("revoke", token.prefix)
    assert "is revoked" in revoked
    assert authenticate_api_token(plaintext) is None
    assert "revoked" in run("list")


def test_the_command_revokes_by_id(integration: User) -> None:
    token, plaintext = issue_api_token(user=integration, name="sync", scopes=["read"])
    run("revoke", str(token.pk))
    assert authenticate_api_token(plaintext) is None


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["issue", "--user", "nobody", "--name", "sync"], "--user"),
        (["issue", "--user", "case-system", "--name", "sync", "--scopes", "read,admin"], "--scopes"),
        (["issue", "--user", "case-system", "--name", " "], "--name"),
        (["issue", "--user", "case-system", "--name", "sync", "--expires-days", "0"], "--expires-days"),
        (["revoke", "zzzzzzzz"], "PREFIX_OR_ID"),
    ],
)
def test_command_errors_name_the_option(integration: User, args: list[str], option: str) -> None:
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert str(raised.value).startswith(option)
    assert not ApiToken.objects.exists()


def test_a_view_of_contact_details_is_logged_without_the_officers_name() -> None:
    world = build_small_world()
    viewer = User.objects.create_user("investigator", password="a-long-test-password")
    entry = log_contact_access(
        viewer=viewer, officer=world.asel, channel_count=2, operation="OfficerContacts", reason="case 17/204"
    )
    stored = ContactAccessLog.objects.filter(pk=entry.pk).values().get()
    assert stored["viewer_username"] == "investigator"
    assert stored["officer_uuid"] == world.asel.uuid
    assert stored["channel_count"] == 2
    assert stored["reason"] == "case 17/204"
    assert not any("Asel" in str(value) or "Асель" in str(value) for value in stored.values())


def test_a_prefix_never_starts_with_a_dash_so_the_command_can_revoke_it(
    integration: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the random source's first draw begins with "-" (as about one token in 64 would)
    draws = iter(["-" + "a" * 39, "b" * 40])
    monkeypatch.setattr("directory.services.access.secrets.token_urlsafe", lambda _bytes: next(draws))
    token, _ = issue_api_token(user=integration, name="sync", scopes=["read"])
    assert token.prefix == "b" * 8
    assert "is revoked" in run("revoke", token.prefix)
