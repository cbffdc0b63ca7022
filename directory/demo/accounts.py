"""The demo's accounts, one per role; people sign in with the same demo-only password, the integration never."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import Country, Officer, User
from directory.services.accounts import create_account, link_account_to_officer

# Demo only: published in the README and by `manage.py login_help`; never use these outside a demo.
DEMO_PASSWORD = "liaison-demo"  # noqa: S105

DEMO_OFFICER = "demo-officer"
DEMO_STAFF = "demo-staff"
DEMO_STEWARD = "demo-steward-kg"
DEMO_ADMIN = "demo-admin"
DEMO_INTEGRATION = "demo-integration"


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in: its username, role, and what it is for."""

    username: str
    role: str
    description: str
    country_code: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount(
        DEMO_OFFICER,
        User.Role.OFFICER,
        "a verified cybercrime officer of Kyrgyzstan's Ministry of Internal Affairs (attended the Tashkent workshop)",
    ),
    DemoAccount(DEMO_STAFF, User.Role.STAFF, "programme staff: coverage, gaps, attendance and ratings"),
    DemoAccount(DEMO_STEWARD, User.Role.STEWARD, "data steward for Kyrgyzstan", country_code="KG"),
    DemoAccount(DEMO_ADMIN, User.Role.ADMIN, "administrator (also Django admin superuser)"),
    DemoAccount(
        DEMO_INTEGRATION,
        User.Role.INTEGRATION,
        "another system reading through GraphQL (API tokens only: no password, cannot sign in)",
    ),
)
DEMO_USERNAMES = tuple(account.username for account in DEMO_ACCOUNTS)


def create_demo_users() -> dict[str, User]:
    """Create the demo accounts that do not exist yet; return all of them by username."""
    existing = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        existing[account.username] = create_account(
            account.username,
            role=account.role,
            # An integration acts only through API tokens (`manage.py api_token issue`): no usable password.
            password=None if account.role == User.Role.INTEGRATION else DEMO_PASSWORD,
            country=Country.objects.get(code=account.country_code) if account.country_code else None,
            is_admin=account.role == User.Role.ADMIN,
            # The demo password is published, and for the demo only: the production rules do not apply to it.
            check_password=False,
        )
    return existing


def link_demo_officer(user: User, officer: Officer) -> None:
    """Give the demo officer account its own directory entry."""
    link_account_to_officer(user, officer)
