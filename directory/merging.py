"""What merging two officer entries makes: computed once, shown before the merge and carried out by it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from directory.models import ContactChannel, Expertise, Language, Officer, Participation


@dataclass(frozen=True)
class MergedEntry:
    """The entry that stays after a merge: the kept entry's own fields with the duplicate's links folded in."""

    keep: Officer
    duplicate: Officer
    languages: list[Language]
    expertise_levels: dict[int, int]  # topic id → level: the higher of the two entries' levels
    new_expertise: list[Expertise]  # the duplicate's topics the kept entry lacks
    raised_expertise: list[Expertise]  # the kept entry's topics the duplicate knows better
    contacts: list[ContactChannel]  # the kept entry's channels, then the duplicate's it lacks
    moved_contacts: list[ContactChannel]
    participations: list[Participation]  # the kept entry's events, then the duplicate's it lacks
    moved_participations: list[Participation]
    verified_by_id: int | None
    verified_at: datetime.datetime | None
    last_confirmed_at: datetime.datetime | None


def merged_entry(keep: Officer, duplicate: Officer) -> MergedEntry:
    """The entry a merge of `duplicate` into `keep` makes; reads only, so the page can show it before the merge."""
    languages = {language.pk: language for language in keep.languages.all()}
    for language in duplicate.languages.all():
        languages.setdefault(language.pk, language)
    kept_expertise = {e.topic_id: e for e in keep.expertise.select_related("topic")}
    levels = {topic: e.level for topic, e in kept_expertise.items()}
    new_expertise, raised = [], []
    for expertise in duplicate.expertise.select_related("topic"):
        mine = kept_expertise.get(expertise.topic_id)
        if mine is None:
            new_expertise.append(expertise)
        elif expertise.level > mine.level:
            raised.append(mine)
        levels[expertise.topic_id] = max(levels.get(expertise.topic_id, 0), expertise.level)
    kept_contacts = list(keep.contacts.all())
    existing = {(c.kind, c.value) for c in kept_contacts}
    moved_contacts = [c for c in duplicate.contacts.all() if (c.kind, c.value) not in existing]
    kept_events = list(keep.participations.select_related("event__city"))
    attended = {p.event_id for p in kept_events}
    moved_events = [p for p in duplicate.participations.select_related("event__city") if p.event_id not in attended]
    # An unverified entry takes the duplicate's verification; the later confirmation of the two counts.
    verified_by_id, verified_at = keep.verified_by_id, keep.verified_at
    if verified_at is None and duplicate.verified_at is not None:
        verified_by_id, verified_at = duplicate.verified_by_id, duplicate.verified_at
    confirmed = max((d for d in (keep.last_confirmed_at, duplicate.last_confirmed_at) if d is not None), default=None)
    return MergedEntry(
        keep=keep,
        duplicate=duplicate,
        languages=list(languages.values()),
        expertise_levels=levels,
        new_expertise=new_expertise,
        raised_expertise=raised,
        contacts=kept_contacts + moved_contacts,
        moved_contacts=moved_contacts,
        participations=kept_events + moved_events,
        moved_participations=moved_events,
        verified_by_id=verified_by_id,
        verified_at=verified_at,
        last_confirmed_at=confirmed,
    )
