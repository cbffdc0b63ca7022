"""`python manage.py login_help`: the demo accounts, their roles and the demo-only password."""

from __future__ import annotations

from typing import Any

from config.commands import LiaisonCommand
from directory.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from directory.models import User


class Command(LiaisonCommand):
    """Print the demo sign-ins, if the demo accounts exist."""

    help = "Show the demo accounts, their roles and their password (demo-only credentials)."

    def add_arguments(self, parser: Any) -> None:
        """Where the server listens, for the sign-in address it prints."""
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the server's address (make run passes it)")

    def handle(self, *args: Any, **options: Any) -> None:
        """List the demo accounts that exist, or say how to create them."""
        existing = set(
            User.objects.filter(username__in=[account.username for account in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        accounts = [account for account in DEMO_ACCOUNTS if account.username in existing]
        if not accounts:
            self.stdout.write("No demo accounts exist. Load the demo data first: python manage.py load_demo")
            return
        self.stdout.write("Demo accounts (demo-only credentials; never use them on a real deployment):")
        width = max(len(account.username) for account in accounts)
        for account in accounts:
            role = str(User.Role(account.role).label)
            self.stdout.write(f"  {account.username:<{width}}  {role:<16}  {account.description}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        url = options["url"].rstrip("/")
        self.stdout.write(f"Sign in at {url}/login/ (the stewards' admin is at /admin/).")
