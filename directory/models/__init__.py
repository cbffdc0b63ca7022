"""The directory's records."""

from directory.models.access import ApiToken, AppendOnlyError, ChangeLog, ContactAccessLog
from directory.models.accounts import User
from directory.models.confirmations import ChangeProposal, ConfirmationLink, ConfirmationRequest, ProposedChange
from directory.models.events import Coverage, Event, Participation, Programme
from directory.models.followups import ContactFollowUp
from directory.models.geography import City, Country, Language
from directory.models.institutions import Agency, Organisation
from directory.models.outbox import OutboxEvent
from directory.models.people import Acquaintance, ContactChannel, Expertise, Officer
from directory.models.subscriptions import Subscription
from directory.models.topics import Topic

__all__ = [
    "Acquaintance",
    "Agency",
    "ApiToken",
    "AppendOnlyError",
    "ChangeLog",
    "ChangeProposal",
    "City",
    "ConfirmationLink",
    "ConfirmationRequest",
    "ContactAccessLog",
    "ContactChannel",
    "ContactFollowUp",
    "Country",
    "Coverage",
    "Event",
    "Expertise",
    "Language",
    "Officer",
    "Organisation",
    "OutboxEvent",
    "Participation",
    "Programme",
    "ProposedChange",
    "Subscription",
    "Topic",
    "User",
]
