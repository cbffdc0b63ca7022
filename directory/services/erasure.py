"""Removing an officer, and erasing them: every personal value goes, the audit of who did what and when stays.

What erasure does, beyond removing the entry (its names, position, rank, expertise, languages, contact channels,
participations and acquaintances, and in the graph its node, every link to it and so its full-text index entry):
- the change log keeps each row (actor, request, action, time) but the person's values in it become a tombstone;
- the contact-access log keeps each view (viewer, operation, time, count) but the viewer's reason is tombstoned,
  since it may name the person; so is an export's filter that holds one of their values;
- their user account, if one is linked, keeps its id (so the logs still say which account acted) but loses its
  username, names, e-mail and password, and is deactivated with its API tokens revoked (their names cleaned of
  the person's values); where that account acted
  or viewed, the logged username becomes the anonymised one;
- the admin site's history of the entry and of the account keeps its rows with the person's values tombstoned;
- the outbox holds only uuids; an error text kept on a pending event is cleaned of the person's values.
- answers kept for Idempotency-Key retries that quote any of their values or their uuid are dropped.
Liaison writes no log files of its own (its logger goes to the console, and logs uuids, never names).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from directory.audit import snapshot_fields
from directory.changes import ChangeKind
from directory.models import Acquaintance, ChangeLog, ContactAccessLog, ContactExport, Officer, OutboxEvent, User
from directory.services.changelog import record_change
from directory.services.idempotency import forget_answers_mentioning
from directory.services.publishing import Aggregate, publish, touch

TOMBSTONE = "[erased]"
# The officer's fields that say who the person is; ids, versions and dates say only what happened and when.
PERSONAL_FIELDS = ("name_native", "name_latin", "name_ascii", "position", "rank")
# Values shorter than this are not searched for in free text: "Li" would tombstone half the log.
MIN_SCRUBBED_LENGTH = 3


def acquaintance_ids(officer: Officer) -> list[int]:
    """The ids of the officers this one knows, whichever side of the pair they were stored on."""
    pairs = Acquaintance.objects.filter(officer_a=officer).values_list("officer_b", flat=True)
    reverse = Acquaintance.objects.filter(officer_b=officer).values_list("officer_a", flat=True)
    return [*pairs, *reverse]


@transaction.atomic
def remove_officer(officer: Officer) -> None:
    """Delete an officer's entry and its links; the graph loses the node; the change log records the deletion."""
    acquaintances = Officer.objects.filter(pk__in=acquaintance_ids(officer))
    before = snapshot_fields(officer)
    uuid = officer.uuid
    officer.delete()
    publish(Aggregate.OFFICER, [uuid], deleted=True)
    record_change(ChangeLog.Action.DELETE, Aggregate.OFFICER, officer, before)
    touch(acquaintances, Aggregate.OFFICER, kind=ChangeKind.ACQUAINTANCE_REMOVED)


@transaction.atomic
def erase_officer(officer: Officer) -> None:
    """Remove an officer and every personal value of theirs, keeping who did what and when (see the module)."""
    account = User.objects.filter(officer=officer).first()
    personal = personal_values(officer, account)
    officer_pk, uuid = officer.pk, officer.uuid
    remove_officer(officer)
    _tombstone_change_log(uuid)
    _tombstone_contact_views(uuid)
    _tombstone_export_filters(personal)
    _tombstone_admin_history(Officer, officer_pk, personal)
    if account is not None:
        _erase_account(account, personal)
    _clean_outbox_errors(personal)
    forget_answers_mentioning([*personal, str(uuid)])


def personal_values(officer: Officer, account: User | None) -> list[str]:
    """The strings that identify the person: names in every form, contact values, and their account's."""
    values = [officer.name_native, officer.name_latin, officer.name_ascii]
    values += list(officer.contacts.values_list("value", flat=True))
    if account is not None:
        values += [account.username, account.email, account.get_full_name()]
    found = dict.fromkeys(value.strip() for value in values if len(value.strip()) >= MIN_SCRUBBED_LENGTH)
    # Longest first, so a full name is replaced whole before the surname inside it.
    return sorted(found, key=len, reverse=True)


def scrub(value: Any, personal: Iterable[str]) -> Any:
    """`value` (text, or JSON made of lists and dicts) with every personal string in it tombstoned."""
    if isinstance(value, str):
        folded = value.casefold()
        return TOMBSTONE if any(item.casefold() in folded for item in personal) else value
    if isinstance(value, list):
        return [scrub(item, personal) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, personal) for key, item in value.items()}
    return value


def _tombstoned_snapshot(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: TOMBSTONE if key in PERSONAL_FIELDS and value else value for key, value in values.items()}


def _tombstone_change_log(uuid: UUID) -> None:
    rows = list(ChangeLog._base_manager.filter(record_uuid=uuid))
    for row in rows:
        row.before, row.after = _tombstoned_snapshot(row.before), _tombstoned_snapshot(row.after)
    ChangeLog.overwrite_erased_values(rows, ("before", "after"))


def _tombstone_contact_views(uuid: UUID) -> None:
    rows = list(ContactAccessLog._base_manager.filter(officer_uuid=uuid).exclude(reason=""))
    for row in rows:
        row.reason = TOMBSTONE
    ContactAccessLog.overwrite_erased_values(rows, ("reason",))


def _tombstone_export_filters(personal: list[str]) -> None:
    """An export's filter is what the viewer typed, which may be the person's name or e-mail."""
    for value in personal:
        rows = list(ContactExport._base_manager.filter(filter__icontains=value))
        for row in rows:
            row.filter = TOMBSTONE
        ContactExport.overwrite_erased_values(rows, ("filter",))


def _tombstone_admin_history(model: type[models.Model], pk: int, personal: list[str]) -> None:
    """The admin site's log of changes to this record: its name and the names in its change messages."""
    content_type = ContentType.objects.get_for_model(model)
    for entry in LogEntry.objects.filter(content_type=content_type, object_id=str(pk)):
        entry.object_repr = TOMBSTONE
        entry.change_message = _scrubbed_change_message(entry.change_message, personal)
        entry.save(update_fields=["object_repr", "change_message"])


def _scrubbed_change_message(message: str, personal: list[str]) -> str:
    """The admin's change message (JSON, with non-Latin letters escaped) with personal values tombstoned."""
    try:
        parsed = json.loads(message)
    except ValueError:
        return scrub(message, personal)
    return json.dumps(scrub(parsed, personal))


def _erase_account(account: User, personal: list[str]) -> None:
    """Anonymise the person's account: its id stays for the audit, nothing about them does, and it cannot sign in."""
    _pseudonymise_sign_in_records(account.username, f"erased-{account.pk}", personal)
    account.username = f"erased-{account.pk}"
    account.first_name = account.last_name = account.email = ""
    account.set_unusable_password()  # also ends its sessions: their stored password hash no longer matches
    account.is_active = False
    account.officer = None  # already unlinked by the deletion; this copy was read before it
    account.save()
    for token in account.api_tokens.all():
        # Revoked, and its name (the holder's own words about what it is for) cleaned of the person's values.
        token.revoked_at = token.revoked_at or timezone.now()
        token.name = scrub(token.name, personal)
        token.save(update_fields=["revoked_at", "name"])
    acted = list(ChangeLog._base_manager.filter(actor=account))
    for row in acted:
        row.actor_username = account.username
    ChangeLog.overwrite_erased_values(acted, ("actor_username",))
    viewed = list(ContactAccessLog._base_manager.filter(viewer=account))
    for view in viewed:
        view.viewer_username = account.username
    ContactAccessLog.overwrite_erased_values(viewed, ("viewer_username",))
    exported = list(ContactExport._base_manager.filter(viewer=account))
    for export in exported:
        export.viewer_username = account.username
    ContactExport.overwrite_erased_values(exported, ("viewer_username",))
    _tombstone_admin_history(User, account.pk, personal)


def _pseudonymise_sign_in_records(username: str, pseudonym: str, personal: list[str]) -> None:
    """Sign-in attempts and lock-outs stay (addresses, times, outcomes) under the pseudonym, without the person."""
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        text_fields = [f.name for f in model._meta.concrete_fields if f.name in ("get_data", "post_data")]
        for row in model.objects.filter(username=username):
            row.username = pseudonym
            for name in text_fields:
                setattr(row, name, scrub(getattr(row, name), personal))
            row.save(update_fields=["username", *text_fields])


def _clean_outbox_errors(personal: list[str]) -> None:
    """An error text kept on an outbox event may quote a value; projection errors are rare, so few rows match."""
    for value in personal:
        for event in OutboxEvent.objects.filter(last_error__icontains=value):
            event.last_error = TOMBSTONE
            event.save(update_fields=["last_error"])
