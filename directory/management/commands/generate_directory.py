"""`python manage.py generate_directory --officers N --seed S`: a large generated directory for scale tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from config.commands import LiaisonCommand
from directory.generator import GenerationError, check_request, generate_directory


class Command(LiaisonCommand):
    """Generate demo officers, agencies, events, participations and acquaintances, the same for the same seed."""

    help = (
        "Generate a realistic directory of N demo officers (with ~N/40 agencies and ~N/50 events) for scale tests; "
        "the same seed gives the same records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare how many officers, the seed, and the write batch size."""
        parser.add_argument("--officers", type=int, required=True, help="How many officers to generate.")
        parser.add_argument("--seed", type=int, required=True, help="The seed; the same seed gives the same records.")
        parser.add_argument("--batch", type=int, default=5000, help="Rows per bulk insert (default 5000).")

    def handle(self, *args: Any, officers: int, seed: int, batch: int, **options: Any) -> None:
        """Generate, with a progress bar, then print what was created and how long it took."""
        try:
            check_request(officers=officers, batch_size=batch)
        except GenerationError as error:
            raise CommandError(str(error)) from None
        started = time.monotonic()
        with tqdm(total=officers, unit="officer", desc="Generating", disable=options["verbosity"] == 0) as bar:
            try:
                summary = generate_directory(officers=officers, seed=seed, batch_size=batch, on_progress=bar.update)
            except GenerationError as error:
                raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.officers} demo officers, {summary.agencies} agencies, {summary.events} events, "
                f"{summary.participations} participations, {summary.acquaintances} acquaintances "
                f"({summary.reference_records} reference records added, {summary.outbox_events} outbox events) "
                f"in {seconds:.1f} s."
            )
        )
