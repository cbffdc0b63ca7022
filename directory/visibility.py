"""Who may see whom: the one place the read rules live, for the API and the pages alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from directory.models import ContactChannel, Officer, User
from directory.models.kept_statements import filter_by_keys

if TYPE_CHECKING:
    from typing_extensions import TypeIs

# Whoever a read or a write is for: a signed-in account, or nobody (a request without a session or token).
Viewer = User | AnonymousUser

# What a caller adds to the query of the officers it reads: the relations it will read of each (an API selection).
RefineOfficers = Callable[[QuerySet[Officer]], QuerySet[Officer]]
# Any record that names an officer (a participation, an expertise): filtered by whether its officer may be seen.
RowT = TypeVar("RowT", bound=Model)

Visibility = ContactChannel.Visibility
Role = User.Role

# Which contact visibilities each role sees on any officer.
CONTACT_LEVELS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({Visibility.SIGNED_IN, Visibility.VERIFIED}),
    Role.INTEGRATION: frozenset({Visibility.SIGNED_IN, Visibility.VERIFIED}),
    Role.STAFF: frozenset({Visibility.SIGNED_IN, Visibility.VERIFIED, Visibility.STAFF}),
    Role.STEWARD: frozenset({Visibility.SIGNED_IN, Visibility.VERIFIED, Visibility.STAFF}),
    Role.ADMIN: frozenset(Visibility.values),
}


# Who may read each participant's own rating of an event; everyone signed in sees only the totals.
RATING_READERS = frozenset({Role.STAFF, Role.STEWARD, Role.ADMIN})


def sees_each_rating(user: Viewer) -> bool:
    """Whether this user may see how each participant rated an event."""
    return getattr(user, "role", None) in RATING_READERS


# Set on the user of a request that presented an API token: the token's scopes, which bound every write.
_TOKEN_SCOPES = "liaison_token_scopes"  # noqa: S105 (an attribute name, not a secret)


# Set on the user of a request whose API token is bound to trusted documents: it may run only those.
_DOCUMENTS_ONLY = "liaison_token_documents_only"


def act_through_token(user: User, scopes: Iterable[str], *, documents_only: bool = False) -> User:
    """Mark this request's user as acting through an API token with these scopes (and binding); returns the user."""
    setattr(user, _TOKEN_SCOPES, frozenset(scopes))
    setattr(user, _DOCUMENTS_ONLY, documents_only)
    return user


def token_documents_only(user: Viewer) -> bool:
    """Whether the user acts through an API token bound to trusted documents (so runs nothing else)."""
    return bool(getattr(user, _DOCUMENTS_ONLY, False))


def token_scopes(user: Viewer) -> frozenset[str] | None:
    """The scopes of the API token the user acts through, or None for a browser session."""
    return getattr(user, _TOKEN_SCOPES, None)


def signed_in(user: Viewer | None) -> TypeIs[User]:
    """Whether this is an active, authenticated user (anonymous users see no person at all).

    An integration counts only through an API token: a browser session of one sees nothing.
    (`TypeIs` lets callers use a User's fields after this check; an inactive User is treated as nobody.)
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return not (user.role == Role.INTEGRATION and token_scopes(user) is None)


def is_verified_officer(user: User) -> bool:
    """An officer whose own entry a steward has verified."""
    return user.role == Role.OFFICER and user.officer is not None and user.officer.verified_at is not None


def sees_only_own_entry(user: User) -> bool:
    """An officer not yet verified sees only their own entry (and its contacts)."""
    return user.role == Role.OFFICER and not is_verified_officer(user)


def visible_officers(user: Viewer, queryset: QuerySet[Officer] | None = None) -> QuerySet[Officer]:
    """The officers this user may see: none when signed out, only themselves while unverified, else all."""
    queryset = Officer.objects.all() if queryset is None else queryset
    if not signed_in(user):
        return queryset.none()
    if sees_only_own_entry(user):
        return queryset.filter(pk=user.officer_id) if user.officer_id else queryset.none()
    return queryset


def of_visible_officers(user: Viewer, queryset: QuerySet[RowT]) -> QuerySet[RowT]:
    """The rows of `queryset` (records with an `officer`) whose officer this user may see."""
    if signed_in(user) and not sees_only_own_entry(user):
        # Every row's officer exists: filtering by all of them would only add a subquery to plan and to run.
        return queryset
    return queryset.filter(officer__in=visible_officers(user))


def officer_visible(user: Viewer, officer: Officer) -> bool:
    """Whether this user may see this officer: the same rules as `visible_officers`, for one officer."""
    if not signed_in(user):
        return False
    return not sees_only_own_entry(user) or (user.officer_id is not None and user.officer_id == officer.pk)


def visible_officers_by_uuid(user: Viewer, uuids: set[str], refine: RefineOfficers | None = None) -> dict[str, Officer]:
    """The officers among these uuids that this user may see, in one query, by uuid: with agency and country, or with
    their agency and what `refine` adds (the relations an API client selects, its officers' countries among them)."""
    return officers_by_uuid(officer_lookup(user, refine), uuids)


def officer_lookup(user: Viewer, refine: RefineOfficers | None = None) -> QuerySet[Officer]:
    """The query `visible_officers_by_uuid` reads the officers with, before it is given their uuids."""
    # In no order: sorting them by name would cost the database a sort and the query an ORDER BY.
    queryset = visible_officers(user).order_by()
    if refine is None:
        return queryset.select_related("agency__country")
    # The agency for the visibility of contact details (a steward's own country); the country only if asked for:
    # its join and its 50 records were about 0.8 ms of a 50-officer answer.
    return refine(queryset.select_related("agency"))


def officers_by_uuid(lookup: QuerySet[Officer], uuids: set[str]) -> dict[str, Officer]:
    """The officers of an `officer_lookup` among these uuids, in one query, by uuid."""
    return {str(officer.uuid): officer for officer in filter_by_keys(lookup, "uuid", uuids)}


def visible_contacts(user: Viewer, queryset: QuerySet[ContactChannel] | None = None) -> QuerySet[ContactChannel]:
    """The contact channels this user may see, by each channel's own visibility."""
    queryset = ContactChannel.objects.all() if queryset is None else queryset
    if not signed_in(user):
        return queryset.none()
    if sees_only_own_entry(user):
        # Until verified, an officer sees only their own entry, and so only their own channels.
        return queryset.filter(officer_id=user.officer_id) if user.officer_id else queryset.none()
    allowed = Q(visibility__in=CONTACT_LEVELS.get(user.role, frozenset()))
    if user.role == Role.STEWARD and user.country_id:
        # Stewards see every channel of the officers of their own country.
        allowed |= Q(officer__agency__country_id=user.country_id)
    if user.officer_id:
        allowed |= Q(officer_id=user.officer_id)  # everyone sees their own
    return queryset.filter(allowed)


def contact_visible(user: Viewer, channel: ContactChannel, officer: Officer) -> bool:
    """Whether this user may see this channel's value: the same rules as `visible_contacts`, for one channel."""
    if not signed_in(user):
        return False
    if user.officer_id is not None and user.officer_id == officer.pk:
        return True
    if sees_only_own_entry(user):
        return False
    if user.role == Role.STEWARD and user.country_id and officer.agency.country_id == user.country_id:
        return True
    return channel.visibility in CONTACT_LEVELS.get(user.role, frozenset())
