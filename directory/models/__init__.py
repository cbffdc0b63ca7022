"""The directory's records."""

from directory.models.access import ApiToken, AppendOnlyError, ChangeLog, ContactAccessLog
from directory.models.accounts import User
from directory.models.events import Coverage, Event, Participation, Programme
from directory.models.geography import City, Country, Language
from directory.models.institutions import Agency, Organisation
from directory.models.outbox import OutboxEvent
from directory.models.people import Acquaintance, ContactChannel, Expertise, Officer
from directory.models.topics import Topic
from directory.models.webhooks import ChangeEvent, WebhookDelivery, WebhookEndpoint
from directory.models.worker import JobRun

__all__ = [
    "Acquaintance",
    "Agency",
    "ApiToken",
    "AppendOnlyError",
    "ChangeEvent",
    "ChangeLog",
    "City",
    "ContactAccessLog",
    "ContactChannel",
    "Country",
    "Coverage",
    "Event",
    "Expertise",
    "JobRun",
    "Language",
    "Officer",
    "Organisation",
    "OutboxEvent",
    "Participation",
    "Programme",
    "Topic",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
