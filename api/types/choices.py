"""The models' choices as GraphQL enums, built from the models' own TextChoices so the vocabulary lives in one place."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.db import models

from api.types.enums import schema_enum
from directory import models as m


def choices_enum(name: str, choices: type[models.TextChoices], description: str) -> type[enum.Enum]:
    """A GraphQL enum whose members are the choices' stored values in capitals (`very_good` → VERY_GOOD)."""
    return schema_enum(name, {value.upper(): value for value in choices.values}, description)


def as_choice(member: enum.Enum | None) -> str | None:
    """The stored value of an enum member, as the services take it (None stays None)."""
    return None if member is None else str(member.value)


if TYPE_CHECKING:
    AgencyKind = enum.Enum
    OrganisationKind = enum.Enum
    ParticipationRole = enum.Enum
    ParticipationRating = enum.Enum
    ContactKind = enum.Enum
    ContactVisibility = enum.Enum
else:
    AgencyKind = choices_enum("AgencyKind", m.Agency.Kind, "What kind of law-enforcement or justice body an agency is.")
    OrganisationKind = choices_enum("OrganisationKind", m.Organisation.Kind, "What kind of organisation a partner is.")
    ParticipationRole = choices_enum("ParticipationRole", m.Participation.Role, "An officer's role at an event.")
    ParticipationRating = choices_enum(
        "ParticipationRating", m.Participation.Rating, "How a participant rated an event, best first."
    )
    ContactKind = choices_enum("ContactKind", m.ContactChannel.Kind, "What kind of contact channel it is.")
    ContactVisibility = choices_enum(
        "ContactVisibility", m.ContactChannel.Visibility, "Who may see a contact channel's value."
    )
