"""The permission table of SECURITY.md, worked out by calling the permission rules for each role on sample records."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from directory.models import (
    Agency,
    ApiToken,
    City,
    ContactChannel,
    Country,
    Coverage,
    Event,
    Officer,
    Organisation,
    User,
)
from directory.permissions import (
    ensure_can_act_on_officer,
    ensure_can_answer_follow_up,
    ensure_can_change,
    ensure_can_decide_change,
    ensure_can_dismiss_duplicate,
    ensure_can_download_vcard,
    ensure_can_export,
    ensure_can_link,
    ensure_can_manage_subscription,
    ensure_can_manage_webhooks,
    ensure_can_merge,
    ensure_can_move,
    ensure_can_propose_changes,
    ensure_can_replay_answer,
    ensure_can_request_confirmation,
    ensure_can_see_duplicates,
    ensure_can_subscribe,
    import_reach,
    may_back_up_or_restore,
    may_hold_session,
    may_manage_trusted_documents,
    may_read_metrics,
    may_read_webhooks,
    may_rebuild_the_graph,
    may_run_trusted_document,
    may_send_free_form_operations,
)
from directory.visibility import (
    act_through_token,
    contact_visible,
    officer_visible,
    sees_each_rating,
    signed_in,
    token_scopes,
)

Role = User.Role
Visibility = ContactChannel.Visibility

REFRESH = "refresh it with: python manage.py permission_table --write"
BEGIN_MARKER = "<!-- permission-table:begin (generated: python manage.py permission_table --write) -->"
END_MARKER = "<!-- permission-table:end -->"
SECURITY_MD = Path(__file__).resolve().parent.parent / "SECURITY.md"

# Unsaved records with fixed ids: the rules compare ids and countries, so no database is needed.
_VERIFIED_AT = datetime.datetime(2017, 11, 27, tzinfo=datetime.UTC)
_OWN, _OTHER = Country(pk=1, code="KG", name_en="Kyrgyzstan"), Country(pk=2, code="KZ", name_en="Kazakhstan")
_OWN_AGENCY, _OWN_AGENCY_2 = Agency(pk=1, country=_OWN), Agency(pk=2, country=_OWN)
_OTHER_AGENCY = Agency(pk=3, country=_OTHER)
_OWN_ENTRY = Officer(pk=1, agency=_OWN_AGENCY, verified_at=_VERIFIED_AT)
_OWN_COUNTRY_OFFICER = Officer(pk=2, agency=_OWN_AGENCY, verified_at=_VERIFIED_AT)
_OWN_COUNTRY_OFFICER_2 = Officer(pk=3, agency=_OWN_AGENCY_2)
_OTHER_COUNTRY_OFFICER = Officer(pk=4, agency=_OTHER_AGENCY, verified_at=_VERIFIED_AT)
_OTHER_COUNTRY_OFFICER_2 = Officer(pk=5, agency=_OTHER_AGENCY)


@dataclass(frozen=True)
class Viewer:
    """A column of the table: a kind of account, and how it reaches Liaison."""

    title: str
    make: Callable[[], User | AnonymousUser]


def _user(
    role: str, *, token: Sequence[str] | None = None, officer_verified: bool | None = None, bound: bool = False
) -> User:
    user = User(pk=100, username=f"sample-{role}", role=role, country=_OWN if role == Role.STEWARD else None)
    if officer_verified is not None:
        user.officer = Officer(
            pk=_OWN_ENTRY.pk, agency=_OWN_AGENCY, verified_at=_VERIFIED_AT if officer_verified else None
        )
    return user if token is None else act_through_token(user, token, documents_only=bound)


READ, WRITE = [ApiToken.Scope.READ], [ApiToken.Scope.READ, ApiToken.Scope.WRITE]
VIEWERS = (
    Viewer("Signed out", AnonymousUser),
    Viewer("Officer (unverified)", lambda: _user(Role.OFFICER, officer_verified=False)),
    Viewer("Officer (verified)", lambda: _user(Role.OFFICER, officer_verified=True)),
    Viewer("Programme staff", lambda: _user(Role.STAFF)),
    Viewer("Steward", lambda: _user(Role.STEWARD)),
    Viewer("Administrator", lambda: _user(Role.ADMIN)),
    Viewer("Integration, write token", lambda: _user(Role.INTEGRATION, token=WRITE)),
    Viewer("Integration, read token", lambda: _user(Role.INTEGRATION, token=READ)),
    Viewer("Integration, token bound to trusted documents", lambda: _user(Role.INTEGRATION, token=READ, bound=True)),
    Viewer("Administrator, read token", lambda: _user(Role.ADMIN, token=READ)),
    Viewer("Integration, browser session", lambda: _user(Role.INTEGRATION)),
)

# A check answers whether the viewer may; a case is one kind of record the action may be tried on.
Check = Callable[[User | AnonymousUser], bool]
Case = tuple[str, Check]


def _allows(rule: Callable[..., None], *records: Any) -> Check:
    """A check that calls a directory.permissions rule: allowed unless it raises PermissionDenied."""

    def check(user: User | AnonymousUser) -> bool:
        try:
            rule(user, *records)
        except PermissionDenied:
            return False
        return True

    return check


def _contact(visibility: str, officer: Officer) -> Check:
    channel = ContactChannel(officer=officer, kind=ContactChannel.Kind.EMAIL, value="", visibility=visibility)
    return lambda user: contact_visible(user, channel, officer)


def _contact_cases(visibility: str) -> list[Case]:
    return [
        ("own entry", _contact(visibility, _OWN_ENTRY)),
        ("own country", _contact(visibility, _OWN_COUNTRY_OFFICER)),
        ("other country", _contact(visibility, _OTHER_COUNTRY_OFFICER)),
    ]


def _officer_cases(rule: Callable[..., None]) -> list[Case]:
    return [
        ("own entry", _allows(rule, _OWN_ENTRY)),
        ("own country", _allows(rule, _OWN_COUNTRY_OFFICER)),
        ("other country", _allows(rule, _OTHER_COUNTRY_OFFICER)),
    ]


def _country_cases(make: Callable[[Country], Any]) -> list[Case]:
    return [
        ("own country", _allows(ensure_can_change, make(_OWN))),
        ("other country", _allows(ensure_can_change, make(_OTHER))),
    ]


def _imports_rows_of(country: Country) -> Check:
    def check(user: User | AnonymousUser) -> bool:
        try:
            reach = import_reach(user)
        except PermissionDenied:
            return False
        return reach is None or country.pk in reach

    return check


def _country_cases_of(rule: Callable[..., None]) -> list[Case]:
    return [("own country", _allows(rule, _OWN)), ("other country", _allows(rule, _OTHER))]


def _replays(own: bool) -> Check:
    """Whether the viewer gets a kept Idempotency-Key answer: its own (same caller), or someone else's."""

    def check(user: User | AnonymousUser) -> bool:
        caller = f"user:{getattr(user, 'pk', None)}"
        return _allows(ensure_can_replay_answer, caller, caller if own else "token:999")(user)

    return check


def _in_browser_session(cases: list[Case]) -> list[Case]:
    """The same cases for an action only pages offer: a request through an API token reaches no page."""

    def in_session(check: Check) -> Check:
        return lambda user: token_scopes(user) is None and check(user)

    return [(label, in_session(check)) for label, check in cases]


def _signed_in_session(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated) and may_hold_session(user)


ACTIONS: tuple[tuple[str, list[Case]], ...] = (
    ("Send any GraphQL operation to /graphql, within the limits", [("any", may_send_free_form_operations)]),
    (
        "Run a registered trusted document by its hash or text (within the same limits)",
        [
            ("bound to own token", lambda user: may_run_trusted_document(user, bound_to_token=True)),
            ("any other", lambda user: may_run_trusted_document(user, bound_to_token=False)),
        ],
    ),
    (
        "Register trusted documents and bind tokens to them (`manage.py api_documents`: on the server only)",
        [("any", may_manage_trusted_documents)],
    ),
    ("Sign in at /login/ and keep a browser session (by the account's role)", [("any", _signed_in_session)]),
    (
        "See an officer's entry",
        [
            ("own entry", lambda user: officer_visible(user, _OWN_ENTRY)),
            ("others", lambda user: officer_visible(user, _OTHER_COUNTRY_OFFICER)),
        ],
    ),
    (
        "Read countries, topics, agencies, partners, events and coverage (lists, filters, lookups by uuid or code)",
        [("any", signed_in)],
    ),
    ("Read each participant's rating of an event, and filter participations by rating", [("any", sees_each_rating)]),
    *(
        (f"See contact details marked “{Visibility(level).label}”", _contact_cases(level))
        for level in Visibility.values
    ),
    ("Add an officer", _country_cases(lambda country: Officer(agency=Agency(country=country)))),
    ("Change an officer's entry (names, languages, expertise)", _officer_cases(ensure_can_change)),
    (
        "Move an officer to another agency",
        [
            ("within own country", _allows(ensure_can_move, _OWN_COUNTRY_OFFICER, _OWN_AGENCY_2)),
            ("into another country", _allows(ensure_can_move, _OWN_COUNTRY_OFFICER, _OTHER_AGENCY)),
            ("out of another country", _allows(ensure_can_move, _OTHER_COUNTRY_OFFICER, _OWN_AGENCY)),
        ],
    ),
    ("Verify an officer", _officer_cases(ensure_can_change)),
    ("Confirm an entry is current", _officer_cases(ensure_can_act_on_officer)),
    ("Ask officers by e-mail to confirm their entries", _officer_cases(ensure_can_request_confirmation)),
    (
        "Confirm an entry or propose changes through its e-mailed link (the link, not an account, grants it)",
        [("any", lambda user: True)],
    ),
    ("Propose changes to an entry while signed in", _officer_cases(ensure_can_propose_changes)),
    ("Accept or reject a proposed change", _officer_cases(ensure_can_decide_change)),
    (
        "Answer “did they answer?” about contact details one looked up",
        [
            ("own question", lambda user: _allows(ensure_can_answer_follow_up, getattr(user, "pk", None))(user)),
            ("someone else's", _allows(ensure_can_answer_follow_up, 999)),
        ],
    ),
    ("Deal with a report of wrong contact details", _officer_cases(ensure_can_change)),
    ("Follow countries, topics, agencies or partners (e-mail digests)", [("any", _allows(ensure_can_subscribe))]),
    (
        "Change or end a subscription",
        [
            ("own", lambda user: _allows(ensure_can_manage_subscription, getattr(user, "pk", None))(user)),
            ("someone else's", _allows(ensure_can_manage_subscription, 999)),
        ],
    ),
    ("Unsubscribe through a digest's e-mailed link (the signed link grants it)", [("any", lambda user: True)]),
    (
        "Record or remove an officer's participation in an event (the officer's events page, or GraphQL)",
        _officer_cases(ensure_can_change),
    ),
    (
        "Add, change or remove an officer's contact channels and who may see each (the officer's contacts page)",
        _in_browser_session(_officer_cases(ensure_can_change)),
    ),
    (
        "Merge duplicate entries",
        [
            ("both of own country", _allows(ensure_can_merge, _OWN_COUNTRY_OFFICER, _OWN_COUNTRY_OFFICER_2)),
            ("across countries", _allows(ensure_can_merge, _OWN_COUNTRY_OFFICER, _OTHER_COUNTRY_OFFICER)),
        ],
    ),
    ("Erase an officer", _officer_cases(ensure_can_change)),
    ("See likely duplicates and compare them side by side", _country_cases_of(ensure_can_see_duplicates)),
    (
        "Mark two likely duplicates as different people",
        [
            (
                "both of own country",
                _allows(ensure_can_dismiss_duplicate, _OWN_COUNTRY_OFFICER, _OWN_COUNTRY_OFFICER_2),
            ),
            (
                "of another country",
                _allows(ensure_can_dismiss_duplicate, _OTHER_COUNTRY_OFFICER, _OTHER_COUNTRY_OFFICER_2),
            ),
        ],
    ),
    ("Download lists of officers and attendance lists (CSV, XLSX, JSON)", [("any", _allows(ensure_can_export))]),
    ("Download an officer's vCard (the contact details one may see)", _officer_cases(ensure_can_download_vcard)),
    (
        "Record or remove an acquaintance",
        [
            ("own entry with anyone", _allows(ensure_can_link, _OWN_ENTRY, _OTHER_COUNTRY_OFFICER)),
            ("both of own country", _allows(ensure_can_link, _OWN_COUNTRY_OFFICER, _OWN_COUNTRY_OFFICER_2)),
            ("across a border", _allows(ensure_can_link, _OWN_COUNTRY_OFFICER, _OTHER_COUNTRY_OFFICER)),
        ],
    ),
    ("Add or change an agency", _country_cases(lambda country: Agency(country=country))),
    ("Add or change a partner organisation", [("any", _allows(ensure_can_change, Organisation()))]),
    (
        "See a programme's page: its events, the countries and partners reached, trainees' ratings (counts only)",
        [("any", _signed_in_session)],
    ),
    ("Add or change an event (by its city)", _country_cases(lambda country: Event(city=City(country=country)))),
    ("Record or remove a partner's coverage", _country_cases(lambda country: Coverage(country=country))),
    (
        "Import a roster (preview, resolve, commit; page, command or GraphQL)",
        [("own country's rows", _imports_rows_of(_OWN)), ("other countries' rows", _imports_rows_of(_OTHER))],
    ),
    (
        "Read the change feed (ids, kinds and field names, never values)",
        [
            ("own entry", lambda user: officer_visible(user, _OWN_ENTRY)),
            ("others' entries", lambda user: officer_visible(user, _OTHER_COUNTRY_OFFICER)),
            ("other records", signed_in),
        ],
    ),
    ("Register, change or remove webhook endpoints", [("any", _allows(lambda user: ensure_can_manage_webhooks(user)))]),
    ("Read the webhook delivery log and the worker's jobs", [("any", may_read_webhooks)]),
    (
        "Read the service's metrics at /metrics (a monitoring system sends LIAISON_METRICS_TOKEN instead)",
        [("any", may_read_metrics)],
    ),
    (
        "Get a write's kept answer again by retrying it with the same Idempotency-Key (the write runs once)",
        [("own", _replays(own=True)), ("someone else's", _replays(own=False))],
    ),
    (
        "Back up or restore the database and its secrets (`manage.py backup`, `restore`: on the server only)",
        [("any", may_back_up_or_restore)],
    ),
    (
        "Rebuild the graph from the database (`manage.py graph_rebuild`, online or `--offline`: on the server only)",
        [("any", may_rebuild_the_graph)],
    ),
)


def cell(user: User | AnonymousUser, cases: list[Case]) -> str:
    """'yes', 'no', or the kinds of record on which the action is allowed."""
    if user.is_authenticated and user.officer_id is None:
        # "Own entry" means nothing to an account without one.
        cases = [case for case in cases if not case[0].startswith("own entry")] or cases
    allowed = [label for label, check in cases if check(user)]
    if len(allowed) == len(cases):
        return "yes"
    return ", ".join(allowed) if allowed else "no"


def permission_table() -> str:
    """The table as Markdown: one row per action, one column per kind of account."""
    users = [viewer.make() for viewer in VIEWERS]
    lines = [
        "| Action | " + " | ".join(viewer.title for viewer in VIEWERS) + " |",
        "| --- |" + " --- |" * len(VIEWERS),
    ]
    lines += [f"| {action} | " + " | ".join(cell(user, cases) for user in users) + " |" for action, cases in ACTIONS]
    return "\n".join(lines) + "\n"


def with_table(document: str, table: str) -> str:
    """The document with the text between the markers replaced by the table (ValueError without the markers)."""
    start, end = document.find(BEGIN_MARKER), document.find(END_MARKER)
    if start < 0 or end < start:
        raise ValueError(f"The markers {BEGIN_MARKER!r} and {END_MARKER!r} are missing or out of order.")
    return document[: start + len(BEGIN_MARKER)] + "\n" + table + document[end:]
