"""The directory's records."""

from directory.models.access import ApiToken, AppendOnlyError, ChangeLog, ContactAccessLog, ContactExport
from directory.models.accounts import User
from directory.models.confirmations import ChangeProposal, ConfirmationLink, ConfirmationRequest, ProposedChange
from directory.models.documents import TrustedDocument
from directory.models.duplicates import DuplicateDismissal
from directory.models.events import Coverage, Event, Participation, Programme
from directory.models.followups import ContactFollowUp, FollowUpAnswersVersion
from directory.models.geography import City, Country, Language
from directory.models.idempotency import IdempotentRequest
from directory.models.institutions import Agency, Organisation
from directory.models.intake import ImportedRecord, RosterHeader, RosterImport, RosterUpload
from directory.models.outbox import OutboxEvent
from directory.models.people import Acquaintance, ContactChannel, Expertise, Officer
from directory.models.subscriptions import Subscription
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
    "ChangeProposal",
    "City",
    "ConfirmationLink",
    "ConfirmationRequest",
    "ContactAccessLog",
    "ContactChannel",
    "ContactExport",
    "ContactFollowUp",
    "Country",
    "Coverage",
    "DuplicateDismissal",
    "Event",
    "Expertise",
    "FollowUpAnswersVersion",
    "IdempotentRequest",
    "ImportedRecord",
    "JobRun",
    "Language",
    "Officer",
    "Organisation",
    "OutboxEvent",
    "Participation",
    "Programme",
    "ProposedChange",
    "RosterHeader",
    "RosterImport",
    "RosterUpload",
    "Subscription",
    "Topic",
    "TrustedDocument",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
