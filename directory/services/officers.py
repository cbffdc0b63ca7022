"""Writes for officers: their entry, languages, expertise, contacts, verification and merging (erasure: erasure.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from directory.changes import ChangeKind
from directory.errors import field_error
from directory.merging import merged_entry
from directory.models import (
    Acquaintance,
    Agency,
    ConfirmationRequest,
    ContactChannel,
    Event,
    Expertise,
    Officer,
    Participation,
    Topic,
    User,
)
from directory.services.erasure import acquaintance_ids, erase_officer, remove_officer
from directory.services.lookups import languages_by_code
from directory.services.publishing import Aggregate, apply_changes, save_and_publish, touch
from directory.services.validation import clean_free_text

__all__ = [
    "add_contact_channel",
    "confirm_officer_current",
    "create_officer",
    "erase_officer",
    "merge_officers",
    "record_acquaintance",
    "update_officer",
    "verify_officer",
]


@transaction.atomic
def create_officer(
    *,
    name_native: str,
    name_latin: str,
    agency: Agency,
    position: str = "",
    rank: str = "",
    languages: Iterable[str] = (),
    expertise: Mapping[Topic, int] | None = None,
    is_demo: bool = False,
) -> Officer:
    """Add an officer with their languages (ISO 639 codes) and expertise (topic → level 1 to 3)."""
    officer = Officer(
        name_native=name_native, name_latin=name_latin, agency=agency, position=position, rank=rank, is_demo=is_demo
    )
    clean_free_text(officer)
    officer.full_clean(exclude=["verified_by"])
    officer.save()
    officer.languages.set(languages_by_code(languages))
    _replace_expertise(officer, expertise or {})
    return save_and_publish(officer, Aggregate.OFFICER)


@transaction.atomic
def update_officer(
    officer: Officer,
    *,
    languages: Iterable[str] | None = None,
    expertise: Mapping[Topic, int] | None = None,
    **changes: object,
) -> Officer:
    """Change an officer's fields, and replace their languages or expertise when given."""
    if languages is not None:
        officer.languages.set(languages_by_code(languages))
    if expertise is not None:
        _replace_expertise(officer, expertise)
    return apply_changes(officer, Aggregate.OFFICER, changes)


@transaction.atomic
def set_expertise(officer: Officer, expertise: Mapping[Topic, int]) -> Officer:
    """Replace an officer's expertise (topic → level 1 to 3) and re-project them."""
    _replace_expertise(officer, expertise)
    touch([officer], Aggregate.OFFICER, links=["expertise"])
    return officer


def _replace_expertise(officer: Officer, expertise: Mapping[Topic, int]) -> None:
    valid_levels = {level for level, _ in Expertise.Level.choices}
    for topic, level in expertise.items():
        if level not in valid_levels:
            raise field_error(
                "expertise",
                f"Level {level!r} for '{topic}' is not one of 1 (working), 2 (experienced), 3 (expert).",
                code="invalid_level",
            )
    officer.expertise.all().delete()
    Expertise.objects.bulk_create(
        Expertise(officer=officer, topic=topic, level=level) for topic, level in expertise.items()
    )


@transaction.atomic
def add_contact_channel(officer: Officer, *, kind: str, value: str, visibility: str) -> ContactChannel:
    """Add a way to reach an officer; the same kind and value twice is an error."""
    channel = ContactChannel(officer=officer, kind=kind, value=value.strip(), visibility=visibility)
    clean_free_text(channel)
    channel.full_clean(validate_constraints=False)
    if ContactChannel.objects.filter(officer=officer, kind=channel.kind, value=channel.value).exists():
        raise field_error(
            "value",
            f"{officer} already has the {channel.get_kind_display()} '{channel.value}'.",
            code="duplicate_contact",
        )
    channel.save()
    # Contacts never reach the graph, but the entry changed: its version moves on.
    touch([officer], Aggregate.OFFICER, links=["contacts"])
    return channel


@transaction.atomic
def verify_officer(officer: Officer, *, by: User) -> Officer:
    """Record that a steward checked this entry against a trusted source."""
    now = timezone.now()
    officer.verified_by, officer.verified_at, officer.last_confirmed_at = by, now, now
    return save_and_publish(officer, Aggregate.OFFICER)


@transaction.atomic
def confirm_officer_current(officer: Officer) -> Officer:
    """Record that the entry is still correct today; a confirmation request still waiting is then answered."""
    officer.last_confirmed_at = timezone.now()
    waiting = ConfirmationRequest.objects.filter(officer=officer, answered_at__isnull=True)
    for request in waiting:
        request.answered_at, request.answer = officer.last_confirmed_at, ConfirmationRequest.Answer.CONFIRMED
        request.save(update_fields=["answered_at", "answer"])
    return save_and_publish(officer, Aggregate.OFFICER)


@transaction.atomic
def record_acquaintance(
    first: Officer, second: Officer, *, source: str = Acquaintance.Source.DECLARED, event: Event | None = None
) -> Acquaintance:
    """Record that two officers know each other (stored once per pair, whichever way it is given)."""
    if first.pk == second.pk:
        raise field_error(
            "officer_b",
            "An officer cannot be their own acquaintance; choose another officer.",
            code="self_acquaintance",
        )
    low, high = sorted([first, second], key=lambda officer: officer.pk)
    acquaintance, _ = Acquaintance.objects.get_or_create(
        officer_a=low, officer_b=high, defaults={"source": source, "event": event}
    )
    acquaintance.source, acquaintance.event = source, event
    acquaintance.full_clean(validate_constraints=False)
    acquaintance.save()
    touch([low, high], Aggregate.OFFICER, kind=ChangeKind.ACQUAINTANCE_RECORDED)
    return acquaintance


@transaction.atomic
def remove_acquaintance(first: Officer, second: Officer) -> None:
    """Record that two officers are no longer linked; the graph drops the link when both entries are projected."""
    low, high = sorted([first, second], key=lambda officer: officer.pk)
    removed, _ = Acquaintance.objects.filter(officer_a=low, officer_b=high).delete()
    if not removed:
        raise field_error(
            "other",
            f"{first} and {second} are not recorded as acquaintances; choose an officer linked to {first}.",
            code="not_acquainted",
        )
    # Both entries own the link: projecting them again replaces their links without this one.
    touch([low, high], Aggregate.OFFICER, kind=ChangeKind.ACQUAINTANCE_REMOVED)


@transaction.atomic
def merge_officers(keep: Officer, duplicate: Officer) -> Officer:
    """Fold a duplicate entry into the one to keep: languages, expertise, contacts, events, acquaintances."""
    if keep.pk == duplicate.pk:
        raise field_error(
            "duplicate", "An entry cannot be merged into itself; choose the duplicate entry.", code="self_merge"
        )
    merged = merged_entry(keep, duplicate)
    keep.languages.add(*merged.languages)
    for expertise in merged.new_expertise:
        Expertise.objects.create(officer=keep, topic=expertise.topic, level=expertise.level)
    for expertise in merged.raised_expertise:
        expertise.level = merged.expertise_levels[expertise.topic_id]
        expertise.save(update_fields=["level"])
    ContactChannel.objects.filter(pk__in=[c.pk for c in merged.moved_contacts]).update(officer=keep)
    Participation.objects.filter(pk__in=[p.pk for p in merged.moved_participations]).update(officer=keep)
    for other_id in acquaintance_ids(duplicate):
        if other_id != keep.pk:
            pair = Acquaintance.objects.filter(
                officer_a_id=min(other_id, duplicate.pk), officer_b_id=max(other_id, duplicate.pk)
            ).first()
            if pair is not None:
                low, high = sorted([keep.pk, other_id])
                Acquaintance.objects.get_or_create(
                    officer_a_id=low, officer_b_id=high, defaults={"source": pair.source, "event": pair.event}
                )
    account = User.objects.filter(officer=duplicate).first()
    if account is not None and not User.objects.filter(officer=keep).exists():
        # The person's sign-in follows them to the entry that stays (the link is one account per entry).
        account.officer = keep
        account.save(update_fields=["officer"])
    # A merge folds one person's two entries together: the duplicate's history is the kept person's, not erased.
    remove_officer(duplicate)
    keep.refresh_from_db()
    keep.verified_by_id, keep.verified_at = merged.verified_by_id, merged.verified_at
    keep.last_confirmed_at = merged.last_confirmed_at
    return save_and_publish(keep, Aggregate.OFFICER)
