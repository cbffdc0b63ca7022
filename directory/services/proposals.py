"""Writes for proposed changes: an officer proposes, their steward accepts or rejects field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.errors import field_error
from directory.models import Agency, ChangeProposal, ContactChannel, Expertise, Officer, ProposedChange, User
from directory.permissions import ensure_can_decide_change
from directory.services.confirmations import close_request, use_link
from directory.services.contacts import remove_contact_channel
from directory.services.lookups import languages_by_code, topic_by_slug
from directory.services.officers import add_contact_channel, confirm_officer_current, set_expertise, update_officer
from directory.services.validation import clean_text

Field = ProposedChange.Field
Decision = ProposedChange.Decision
MAX_CONTACTS = 20
MAX_TEXT = 200


def current_values(officer: Officer) -> dict[str, Any]:
    """The entry's proposable fields as stored, in the shape proposals keep them."""
    return current_values_of([officer])[officer.pk]


def current_values_of(officers: Iterable[Officer]) -> dict[int, dict[str, Any]]:
    """`current_values` of each of these entries, by pk, in three queries for them all (a steward's queue)."""
    officers = list(officers)
    languages: dict[int, list[str]] = defaultdict(list)
    expertise: dict[int, list[tuple[str, int]]] = defaultdict(list)
    contacts: dict[int, list[list[str]]] = defaultdict(list)
    for pk, code in Officer.languages.through.objects.filter(officer__in=officers).values_list(
        "officer", "language__code"
    ):
        languages[pk].append(code)
    for pk, slug, level in Expertise.objects.filter(officer__in=officers).values_list(
        "officer", "topic__slug", "level"
    ):
        expertise[pk].append((slug, level))
    for pk, kind, value in ContactChannel.objects.filter(officer__in=officers).values_list("officer", "kind", "value"):
        contacts[pk].append([kind, value])
    return {
        officer.pk: {
            Field.POSITION: officer.position,
            Field.AGENCY: str(officer.agency.uuid),
            Field.LANGUAGES: sorted(languages[officer.pk]),
            Field.EXPERTISE: dict(sorted(expertise[officer.pk])),
            Field.CONTACTS: sorted(contacts[officer.pk]),
        }
        for officer in officers
    }


def _clean_position(value: Any) -> str:
    text = clean_text(Field.POSITION, str(value or "").strip())
    if len(text) > MAX_TEXT:
        raise field_error(
            Field.POSITION,
            _("Keep the position to %(limit)d characters (it has %(count)d).")
            % {"limit": MAX_TEXT, "count": len(text)},
            code="too_long",
        )
    return text


def _clean_agency(value: Any) -> str:
    if not isinstance(value, Agency):
        raise field_error(Field.AGENCY, _("Choose an agency from the list."), code="not_found")
    return str(value.uuid)


def _clean_languages(value: Any) -> list[str]:
    return sorted({language.code for language in languages_by_code(list(value or []), field=Field.LANGUAGES)})


def _clean_expertise(value: Any) -> dict[str, int]:
    levels = {}
    for slug, level in dict(value or {}).items():
        topic_by_slug(slug, field=Field.EXPERTISE)
        if level not in (1, 2, 3):
            raise field_error(
                Field.EXPERTISE,
                _("Level %(level)r is not one of 1 (working), 2 (experienced), 3 (expert).") % {"level": level},
                code="invalid_level",
            )
        levels[slug] = level
    return dict(sorted(levels.items()))


def _clean_contacts(value: Any) -> list[list[str]]:
    channels = list(value or [])
    if len(channels) > MAX_CONTACTS:
        raise field_error(
            Field.CONTACTS,
            _("Give at most %(limit)d contact channels (%(count)d were given).")
            % {"limit": MAX_CONTACTS, "count": len(channels)},
            code="too_many",
        )
    kinds = set(ContactChannel.Kind.values)
    cleaned = set()
    for kind, text in channels:
        if kind not in kinds:
            raise field_error(
                Field.CONTACTS,
                _("'%(kind)s' is not a kind of contact; use one of %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(sorted(kinds))},
                code="invalid_choice",
            )
        text = clean_text(Field.CONTACTS, str(text).strip())
        if not text or len(text) > MAX_TEXT:
            raise field_error(
                Field.CONTACTS,
                _("Each contact value needs 1 to %(limit)d characters.") % {"limit": MAX_TEXT},
                code="too_long" if text else "blank",
            )
        cleaned.add((kind, text))
    return sorted([kind, text] for kind, text in cleaned)


_CLEANERS = {
    Field.POSITION: _clean_position,
    Field.AGENCY: _clean_agency,
    Field.LANGUAGES: _clean_languages,
    Field.EXPERTISE: _clean_expertise,
    Field.CONTACTS: _clean_contacts,
}


@transaction.atomic
def propose_changes(
    officer: Officer, values: Mapping[str, Any], *, by: User | None = None, request: Any = None
) -> ChangeProposal:
    """Record the fields that differ from the entry as a proposal for its steward; nothing changes yet."""
    unknown = sorted(set(values) - set(_CLEANERS))
    if unknown:
        raise field_error(
            unknown[0], _("'%(name)s' cannot be proposed here.") % {"name": unknown[0]}, code="unknown_field"
        )
    cleaned = {name: _CLEANERS[Field(name)](value) for name, value in values.items()}
    stored = current_values(officer)
    changed = {name: value for name, value in cleaned.items() if value != stored[name]}
    if not changed:
        raise field_error(
            "changes",
            _("Nothing differs from the entry as it stands: change a field, or confirm the entry as current."),
            code="no_changes",
        )
    proposal = ChangeProposal.objects.create(officer=officer, request=request, proposed_by=by)
    ProposedChange.objects.bulk_create(
        ProposedChange(proposal=proposal, field=name, value=value) for name, value in changed.items()
    )
    return proposal


@transaction.atomic
def propose_by_link(token: str, values: Mapping[str, Any]) -> ChangeProposal:
    """The officer proposes changes through their confirmation link; the link is then spent."""
    link = use_link(token)
    proposal = propose_changes(link.request.officer, values, request=link.request)
    close_request(link, link.request.Answer.PROPOSED, timezone.now())
    return proposal


def _apply(change: ProposedChange, officer: Officer, agency: Agency | None) -> None:
    """Make an accepted change through the officer services."""
    if change.field == Field.POSITION:
        update_officer(officer, position=change.value)
    elif change.field == Field.AGENCY:
        update_officer(officer, agency=agency)
    elif change.field == Field.LANGUAGES:
        update_officer(officer, languages=change.value)
    elif change.field == Field.EXPERTISE:
        set_expertise(officer, {topic_by_slug(slug): level for slug, level in change.value.items()})
    elif change.field == Field.CONTACTS:
        wanted = {(kind, value) for kind, value in change.value}
        for channel in list(officer.contacts.all()):
            if (channel.kind, channel.value) not in wanted:
                remove_contact_channel(channel)
        stored = set(officer.contacts.values_list("kind", "value"))
        for kind, value in sorted(wanted - stored):
            add_contact_channel(officer, kind=kind, value=value, visibility=ContactChannel.Visibility.VERIFIED)


@transaction.atomic
def decide_change(change: ProposedChange, *, accept: bool, by: User) -> ProposedChange:
    """Accept (through the services) or reject one proposed field; the last decision confirms the entry."""
    change = (
        ProposedChange.objects.select_for_update()
        .select_related("proposal__officer__agency__country")
        .get(pk=change.pk)
    )
    if change.decision != Decision.PENDING:
        raise field_error(
            "change",
            _("This change was %(decision)s already; reload the queue.")
            % {"decision": change.get_decision_display().lower()},
            code="already_decided",
        )
    officer = change.proposal.officer
    agency = None
    if accept and change.field == Field.AGENCY:
        agency = Agency.objects.select_related("country").filter(uuid=change.value).first()
        if agency is None:
            raise field_error(
                Field.AGENCY, _("The proposed agency no longer exists; reject this change."), code="not_found"
            )
    ensure_can_decide_change(by, officer, agency)
    if accept:
        _apply(change, officer, agency)
    now = timezone.now()
    change.decision = Decision.ACCEPTED if accept else Decision.REJECTED
    change.decided_by, change.decided_at = by, now
    change.save(update_fields=["decision", "decided_by", "decided_at"])
    proposal = change.proposal
    if not proposal.changes.filter(decision=Decision.PENDING).exists():
        proposal.closed_at = now
        proposal.save(update_fields=["closed_at"])
        # The officer said the rest is right and the steward has settled every field: the entry is current.
        officer.refresh_from_db()
        confirm_officer_current(officer)
    return change
