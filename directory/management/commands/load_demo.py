"""`python manage.py load_demo`: the 2017 programme's demo data, loaded once."""

from __future__ import annotations

from typing import Any

from config.commands import LiaisonCommand
from directory.demo import PROGRAMME_NAME, load_demo_data


class Command(LiaisonCommand):
    """Load the demo data through the directory's services (a second run changes nothing)."""

    help = "Load the demo data of the 2017 programme: places, agencies, partners, workshops, 80 demo officers."

    def handle(self, *args: Any, **options: Any) -> None:
        """Load, then say what was added or that it was there already."""
        summary = load_demo_data()
        if summary.already_loaded:
            self.stdout.write(f"The demo data is loaded already ('{PROGRAMME_NAME}' exists); nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS("Loaded the demo data:"))
        for name, count in summary.counts().items():
            if count:
                self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
        self.stdout.write("Demo sign-ins: python manage.py login_help")
