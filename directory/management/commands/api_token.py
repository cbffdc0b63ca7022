"""`python manage.py api_token issue|revoke|list`: the API tokens integrations use, never their secrets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db.models import Q

from config.commands import LiaisonCommand
from directory.models import ApiToken, User
from directory.services.access import PREFIX_LENGTH, TOKEN_PREFIX, issue_api_token, revoke_api_token

# The service names its arguments; the command names its options.
_OPTION_FOR_FIELD = {"name": "--name", "scopes": "--scopes", "expires_in_days": "--expires-days"}


class Command(LiaisonCommand):
    """Issue, revoke and list API tokens."""

    help = "Issue, revoke or list API tokens for integrations (a token is shown once, when issued)."

    def add_arguments(self, parser: CommandParser) -> None:
        """issue, revoke and list, each with its own options."""
        actions = parser.add_subparsers(dest="action", required=True, metavar="{issue,revoke,list}")
        issue = actions.add_parser("issue", help="Issue a token and print it once.")
        issue.add_argument("--user", required=True, help="Username of the account the token acts as.")
        issue.add_argument("--name", required=True, help="What the token is for, such as 'case-system sync'.")
        issue.add_argument("--scopes", default="read", help="Comma-separated: read, write (default: read).")
        expiry = issue.add_mutually_exclusive_group()
        expiry.add_argument("--expires-days", type=int, default=90, help="Days until it expires (default: 90).")
        expiry.add_argument("--no-expiry", action="store_true", help="Never expire (revoke it when done).")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix or id.")
        revoke.add_argument("token", metavar="PREFIX_OR_ID", help="The token's prefix (as listed) or id.")
        listing = actions.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("--user", help="Only this user's tokens.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen action."""
        {"issue": self.issue, "revoke": self.revoke, "list": self.list_tokens}[options["action"]](options)

    def issue(self, options: dict[str, Any]) -> None:
        """Issue a token and print it, once."""
        user = _user(options["user"])
        expires_in_days = None if options["no_expiry"] else options["expires_days"]
        scopes = options["scopes"].split(",")
        try:
            token, plaintext = issue_api_token(
                user=user, name=options["name"], scopes=scopes, expires_in_days=expires_in_days
            )
        except ValidationError as error:
            raise CommandError(_describe(error)) from None
        self.stdout.write(f"Issued API token #{token.pk} '{token.name}' for {user.username} ({token.scopes}).")
        self.stdout.write(f"Expires: {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "Expires: never")
        self.stdout.write(self.style.WARNING("Copy it now: it will not be shown again."))
        self.stdout.write(plaintext)

    def revoke(self, options: dict[str, Any]) -> None:
        """Revoke a token by prefix or id."""
        token = find_token(options["token"])
        already = token.revoked_at is not None
        revoke_api_token(token)
        state = "was already revoked" if already else "is revoked"
        self.stdout.write(f"API token #{token.pk} '{token.name}' ({TOKEN_PREFIX}{token.prefix}…) {state}.")

    def list_tokens(self, options: dict[str, Any]) -> None:
        """List tokens, newest first, without secrets."""
        tokens = ApiToken.objects.select_related("user")
        if options["user"]:
            tokens = tokens.filter(user=_user(options["user"]))
        if not tokens:
            self.stdout.write("No API tokens.")
            return
        self.stdout.write(
            f"{'id':>5}  {'prefix':<12}  {'user':<20}  {'scopes':<10}  {'state':<7}  expires     last used  name"
        )
        for token in tokens:
            self.stdout.write(
                f"{token.pk:>5}  {TOKEN_PREFIX}{token.prefix:<8}  {token.user.username:<20}  {token.scopes:<10}  "
                f"{token.state:<7}  {_day(token.expires_at):<10}  {_day(token.last_used_at):<10} {token.name}"
            )


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"--user: no user named '{username}'; give an existing username.") from None


def find_token(reference: str) -> ApiToken:
    reference = reference.strip().removeprefix(TOKEN_PREFIX).rstrip("…")
    lookup = Q(prefix=reference) if len(reference) == PREFIX_LENGTH else Q(pk__in=[])
    if reference.isdigit():
        lookup |= Q(pk=int(reference))
    matches = list(ApiToken.objects.filter(lookup)[:2])
    if len(matches) != 1:
        found = "no API token" if not matches else "more than one API token"
        raise CommandError(
            f"PREFIX_OR_ID: {found} matches '{reference}'; give a prefix or id from `manage.py api_token list`."
        )
    return matches[0]


def _day(moment: Any) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "-"


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{_OPTION_FOR_FIELD.get(field, field)}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
