"""Who may change what: the one place the write rules live, called by every write path that has a user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from directory.models import Agency, ApiToken, Country, Coverage, Event, Officer, Organisation, User
from directory.visibility import (
    Viewer,
    officer_visible,
    signed_in,
    token_documents_only,
    token_scopes,
    visible_officers,
)

Role = User.Role

# Roles that may open the stewards' pages (what each may change is still checked record by record).
STEWARDING_ROLES = frozenset({Role.STEWARD, Role.ADMIN})
# Kinds of record programme staff may change (they run workshops and track partners, not officers' entries).
STAFF_WRITABLE = (Organisation, Event, Coverage)


def may_hold_session(user: Viewer) -> bool:
    """Whether this account may sign in and keep a browser session (integrations act only through tokens)."""
    return not (user.is_authenticated and user.role == Role.INTEGRATION)


def country_of(record: Any) -> Country | None:
    """The country a record belongs to, for stewards' rights (None: no single country)."""
    if isinstance(record, Country):
        return record
    if isinstance(record, Officer):
        return record.agency.country
    if isinstance(record, (Agency, Coverage)):
        return record.country
    if isinstance(record, Event):
        return record.city.country
    return None


def _ensure_may_write(user: Viewer) -> User:
    """Refuse the signed-out, a read-only token, and an integration without a token, whatever the role."""
    scopes = token_scopes(user)
    if not may_hold_session(user) and scopes is None:
        raise PermissionDenied(_("Integration accounts act only through API tokens; send one with the write scope."))
    if not signed_in(user):
        raise PermissionDenied(_("Sign in to change the directory."))
    if scopes is not None and ApiToken.Scope.WRITE not in scopes:
        raise PermissionDenied(_("This API token is read-only; issue one with the write scope."))
    return user


def ensure_can_change(user: Viewer, record: Any) -> None:
    """Raise PermissionDenied, saying why, unless this user may create or change this record."""
    user = _ensure_may_write(user)
    if user.role in (Role.ADMIN, Role.INTEGRATION) or user.is_superuser:
        return
    if user.role == Role.STEWARD:
        country = country_of(record)
        if country is not None and country.pk == user.country_id:
            return
        raise PermissionDenied(
            _("Stewards change only the records of their own country (%(country)s).")
            % {"country": user.country or _("none")}
        )
    if user.role == Role.STAFF and isinstance(record, STAFF_WRITABLE):
        return
    raise PermissionDenied(_("Your role may not change this record."))


def is_own_entry(user: Viewer, officer: Officer) -> bool:
    """Whether this officer entry is the user's own, in a browser session (tokens act only by role)."""
    return signed_in(user) and user.officer_id == officer.pk and token_scopes(user) is None


def ensure_can_act_on_officer(user: Viewer, officer: Officer) -> None:
    """Officers may confirm or link their own entry; everyone else needs the right to change it."""
    if is_own_entry(user, officer):
        return
    ensure_can_change(user, officer)


def ensure_can_link(user: Viewer, officer: Officer, other: Officer) -> None:
    """A link changes both entries: an officer may link their own; anyone else needs the right to change both."""
    if is_own_entry(user, officer) or is_own_entry(user, other):
        return
    # Each end separately, so a steward's link across a border is refused naming the other country's record.
    ensure_can_change(user, officer)
    ensure_can_change(user, other)


def ensure_can_merge(user: Viewer, keep: Officer, duplicate: Officer) -> None:
    """A merge changes the entry kept and erases the duplicate: both must be the user's to change."""
    ensure_can_change(user, keep)
    ensure_can_change(user, duplicate)


def ensure_can_move(user: Viewer, officer: Officer, agency: Agency) -> None:
    """Moving an officer to another agency changes the entry where it is and where it goes."""
    ensure_can_change(user, officer)
    ensure_can_change(user, Officer(agency=agency))


# Roles that download lists of officers and attendance lists: bulk copies of contact details, the programme's
# own work. Officers look one counterpart up at a time (a profile, a vCard); integrations page through the API.
EXPORTING_ROLES = frozenset({Role.STAFF, Role.STEWARD, Role.ADMIN})
# Roles that see the likely duplicates (a steward those of their own country); merging them is a change.
DUPLICATE_READERS = frozenset({Role.STAFF, Role.STEWARD, Role.ADMIN, Role.INTEGRATION})


def _ensure_browser_session(user: Viewer) -> User:
    """Downloads are pages: refuse the signed-out and a request through an API token."""
    if not signed_in(user):
        raise PermissionDenied(_("Sign in to download from the directory."))
    if token_scopes(user) is not None:
        raise PermissionDenied(_("Downloads are made in a browser session; integrations read the API's officers."))
    return user


def ensure_can_export(user: Viewer) -> None:
    """Raise PermissionDenied unless this user may download lists of officers and attendance lists."""
    user = _ensure_browser_session(user)
    if user.role not in EXPORTING_ROLES and not user.is_superuser:
        raise PermissionDenied(_("Only programme staff, stewards and administrators download lists of officers."))


def ensure_can_download_vcard(user: Viewer, officer: Officer) -> None:
    """Raise PermissionDenied unless this user may download this officer's vCard (whoever may see the entry)."""
    user = _ensure_browser_session(user)
    if not officer_visible(user, officer):
        raise PermissionDenied(_("Until a steward verifies your entry, you see only your own."))


def may_see_duplicates(user: Viewer) -> bool:
    """Whether this user sees the likely duplicates (a steward: of their own country only)."""
    return signed_in(user) and (user.role in DUPLICATE_READERS or user.is_superuser)


def ensure_can_see_duplicates(user: Viewer, country: Country | None) -> None:
    """Raise PermissionDenied unless this user may see the likely duplicates of this country (None: every one)."""
    if not may_see_duplicates(user):
        raise PermissionDenied(_("Only programme staff, stewards and administrators see likely duplicates."))
    own = duplicate_country_of(user)
    if own is not None and (country is None or country.pk != own):
        raise PermissionDenied(_("Stewards see the likely duplicates of their own country only."))


def duplicate_country_of(user: Viewer) -> int | None:
    """The one country whose duplicates this user sees (a steward's), or None for every country."""
    if isinstance(user, User) and user.role == Role.STEWARD and not user.is_superuser:
        return user.country_id or -1  # a steward without a country sees no country's entries
    return None


def ensure_can_dismiss_duplicate(user: Viewer, first: Officer, second: Officer) -> None:
    """Saying two entries are different people changes how both are looked after: both must be the user's."""
    ensure_can_change(user, first)
    ensure_can_change(user, second)


def ensure_can_request_confirmation(user: Viewer, officer: Officer) -> None:
    """Asking an officer to confirm their entry is a steward's work on that entry: the right to change it."""
    ensure_can_change(user, officer)


def ensure_can_propose_changes(user: Viewer, officer: Officer) -> None:
    """Only the officer proposes changes to their own entry (signed in, or through their confirmation link)."""
    if not is_own_entry(user, officer):
        raise PermissionDenied(_("Only the officer themselves proposes changes to their entry."))


def ensure_can_decide_change(user: Viewer, officer: Officer, agency: Agency | None = None) -> None:
    """Accepting or rejecting a proposed change needs the right to make it: to the entry, and to a new agency."""
    if agency is None:
        ensure_can_change(user, officer)
    else:
        ensure_can_move(user, officer, agency)


def ensure_can_answer_follow_up(user: Viewer, viewer_id: int) -> None:
    """Only the person asked whether an officer answered them gives the answer."""
    if not (signed_in(user) and user.pk == viewer_id and token_scopes(user) is None):
        raise PermissionDenied(_("Only the person who was asked answers this question."))


def ensure_can_subscribe(user: Viewer) -> None:
    """Anyone signed in to a browser session may follow countries, topics, agencies and partners."""
    if not signed_in(user) or token_scopes(user) is not None:
        raise PermissionDenied(_("Sign in to follow countries, topics, agencies or partners."))


def ensure_can_manage_subscription(user: Viewer, owner_id: int) -> None:
    """A subscription is changed or ended only by its owner (or through the signed link in their digest)."""
    if not (signed_in(user) and user.pk == owner_id and token_scopes(user) is None):
        raise PermissionDenied(_("Only the person subscribed changes their subscriptions."))


def may_steward(user: Viewer) -> bool:
    """Whether this user sees the stewards' pages and actions."""
    return signed_in(user) and (user.role in STEWARDING_ROLES or user.is_superuser)


def stewarded_officers(user: Viewer) -> QuerySet[Officer]:
    """The entries this user looks after: their country's for a steward, every one for an administrator."""
    officers = visible_officers(user).select_related("agency__country", "verified_by")
    if isinstance(user, User) and user.role == Role.STEWARD and not user.is_superuser:
        # A steward without a country looks after nobody: Django reads `=None` as IS NULL, which the stub omits.
        officers = officers.filter(agency__country_id=user.country_id)  # type: ignore[misc]
    return officers.order_by("agency__country__name_en", "name_latin", "pk")


def agencies_to_move_to(user: Viewer, officer: Officer) -> QuerySet[Agency]:
    """The agencies this user may move the officer to: every one for an administrator, else the same country's."""
    agencies = Agency.objects.select_related("country")
    if isinstance(user, User) and (user.role in (Role.ADMIN, Role.INTEGRATION) or user.is_superuser):
        return agencies
    return agencies.filter(country_id=officer.agency.country_id)


def must_use_second_factor(user: Viewer) -> bool:
    """Whether this user's role must sign in with a second factor (settings.LIAISON_REQUIRE_2FA_ROLES)."""
    required = set(settings.LIAISON_REQUIRE_2FA_ROLES)
    if not required or not signed_in(user):
        return False
    # A superuser can do everything an admin can, so is held to the admins' rule.
    return user.role in required or (user.is_superuser and Role.ADMIN in required)


# Roles that may import rosters; a steward only for their own country's rows.
IMPORTING_ROLES = frozenset({Role.STAFF, Role.STEWARD, Role.ADMIN, Role.INTEGRATION})


def ensure_can_import(user: Viewer) -> User:
    """Raise PermissionDenied, saying why, unless this user may import rosters (officers may not)."""
    user = _ensure_may_write(user)
    if user.role not in IMPORTING_ROLES and not user.is_superuser:
        raise PermissionDenied(_("Only programme staff and stewards import rosters."))
    return user


def import_reach(user: Viewer) -> frozenset[int] | None:
    """The countries (ids) whose rows this user may import: None for every country, a steward's own otherwise."""
    user = ensure_can_import(user)
    if user.role == Role.STEWARD and not user.is_superuser:
        return frozenset({user.country_id}) if user.country_id is not None else frozenset()
    return None


def may_import(user: Viewer) -> bool:
    """Whether this user sees the roster import pages."""
    try:
        ensure_can_import(user)
    except PermissionDenied:
        return False
    return True


def may_read_webhooks(user: Viewer) -> bool:
    """Whether this user sees webhook endpoints and their delivery log: administrators only (a token's too)."""
    return signed_in(user) and (user.role == Role.ADMIN or user.is_superuser)


def ensure_can_manage_webhooks(user: Viewer) -> None:
    """Refuse anyone but an administrator, and an administrator's read-only token, from changing webhooks."""
    if not may_read_webhooks(user):
        raise PermissionDenied(_("Only administrators manage webhooks."))
    _ensure_may_write(user)


def may_read_metrics(user: Viewer) -> bool:
    """Whether this user may read /metrics in a browser: administrators in a session (scrapers use their own key)."""
    return signed_in(user) and (user.role == Role.ADMIN or user.is_superuser) and token_scopes(user) is None


def ensure_can_replay_answer(user: Viewer, caller: str, kept_for: str) -> None:
    """Refuse a kept Idempotency-Key answer to anyone but the caller (that token, or that account's session)."""
    if not signed_in(user) or caller != kept_for:
        raise PermissionDenied(_("An Idempotency-Key's answer is given only to the token or account that sent it."))


def may_back_up_or_restore(user: Viewer) -> bool:
    """No account does: backups and restores are run on the server (`manage.py backup`, `restore`) by its operator."""
    return False


def may_rebuild_the_graph(user: Viewer) -> bool:
    """No account does: `manage.py graph_rebuild` (online or --offline, which restarts Neo4j) is run on the server."""
    return False


def may_send_free_form_operations(user: Viewer) -> bool:
    """Whether this user may send any GraphQL operation (within the limits): all but tokens bound to documents."""
    return signed_in(user) and not token_documents_only(user)


def may_run_trusted_document(user: Viewer, bound_to_token: bool) -> bool:
    """Whether this user may run a registered document: any signed-in user, a bound token only its own documents."""
    return signed_in(user) and (bound_to_token or not token_documents_only(user))


def may_manage_trusted_documents(user: Viewer) -> bool:
    """No account does: documents are registered and bound on the server (`manage.py api_documents`)."""
    return False
