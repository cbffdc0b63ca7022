"""`python manage.py import_roster FILE --user NAME [--event ...] [--dry-run] [--json]`: import a workshop roster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from config.commands import LiaisonCommand
from directory.models import User
from directory.permissions import import_reach
from directory.rosters.preview import RosterPreview, preview_roster
from directory.rosters.reading import RosterFileError, read_roster
from directory.services.intake import commit_roster


class Command(LiaisonCommand):
    """Preview a roster (XLSX or CSV) row by row, then commit it in one transaction unless --dry-run."""

    help = (
        "Import a workshop roster (XLSX or CSV): every row is classified as new, match, ambiguous, invalid or "
        "refused; then everything is written in one transaction, or nothing. Ambiguous rows need --decide."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the file, who imports it, the event, the decisions and the output."""
        parser.add_argument("file", type=Path, help="The roster: .xlsx or .csv (UTF-8 or Windows-1251).")
        parser.add_argument("--user", required=True, help="The account the import is made as (its rights apply).")
        parser.add_argument("--event", default="", help="The event every row attended (title or uuid).")
        parser.add_argument("--encoding", default="", help="A CSV's encoding: utf-8, utf-8-sig or windows-1251.")
        parser.add_argument(
            "--decide", action="append", default=[], metavar="ROW=CHOICE", help="A row's decision: new, skip or a uuid."
        )
        parser.add_argument("--skip-invalid", action="store_true", help="Leave out invalid rows instead of stopping.")
        parser.add_argument("--dry-run", action="store_true", help="Show the preview; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the preview (and the outcome) as JSON.")

    def handle(self, *args: Any, file: Path, user: str, event: str, encoding: str, **options: Any) -> None:
        """Read, preview with a progress bar, print, then commit unless it is a dry run."""
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"--user: no account is called '{user}'; give an existing username.")
        try:
            reach = import_reach(account)
            data = file.read_bytes()
        except PermissionDenied as error:
            raise CommandError(f"--user: {error}") from None
        except OSError as error:
            raise CommandError(f"FILE: cannot read {file}: {error.strerror}.") from None
        quiet = options["verbosity"] == 0 or options["json"]
        try:
            raw = read_roster(data, file.name, encoding=encoding)
            with tqdm(total=len(raw.rows), unit="row", desc="Previewing", disable=quiet) as bar:
                preview = preview_roster(raw, reach=reach, event=event, on_row=lambda: bar.update(1))
        except RosterFileError as error:
            raise CommandError("\n".join(problem.message for problem in error.problems)) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if preview.mapping.missing:
            raise CommandError(
                "The file has no column for the full name; name its header 'Full name' or 'ФИО'. "
                f"Headers found: {', '.join(preview.headers)}."
            )
        if options["json"]:
            self.stdout.write(json.dumps(preview.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print_preview(preview)
        if options["dry_run"]:
            return
        decisions = self._decisions(options["decide"])
        try:
            with tqdm(total=preview.counts["new"], unit="officer", desc="Writing", disable=quiet) as bar:

                def advance(count: int) -> None:
                    bar.update(count)

                done = commit_roster(
                    preview, user=account, decisions=decisions, skip_invalid=options["skip_invalid"],
                    on_progress=advance,
                )  # fmt: skip
        except ValidationError as error:
            raise CommandError("Nothing was written:\n" + "\n".join(error.messages)) from None
        summary = (
            f"Import #{done.pk}: {done.created_count} created, {done.matched_count} matched "
            f"({done.unchanged_count} unchanged), {done.skipped_count} skipped."
        )
        if preview.already_imported is not None:
            summary = f"This file was imported already (import #{done.pk}); nothing changed."
        self.stderr.write(summary) if options["json"] else self.stdout.write(self.style.SUCCESS(summary))

    def _print_preview(self, preview: RosterPreview) -> None:
        counts = preview.counts
        self.stdout.write(
            f"{preview.file_name}: {len(preview.rows)} rows: {counts['new']} new, {counts['match']} matches, "
            f"{counts['ambiguous']} ambiguous, {counts['invalid']} invalid, {counts['refused']} refused."
        )
        for header in (header for _, header in preview.mapping.unknown):
            self.stdout.write(f"  ignored column: {header}")
        for row in preview.rows:
            if row.status == "new":
                continue
            name = row.cells.get("full_name", "")
            self.stdout.write(f"  row {row.number} {row.status.value}: {name}")
            for candidate in row.candidates:
                self.stdout.write(
                    f"    {candidate.uuid} {candidate.name} ({candidate.agency}, {candidate.country}) "
                    f"{candidate.confidence}%: {', '.join(candidate.evidence)}"
                )
            for problem in row.problems:
                self.stdout.write(f"    {problem.message}")

    @staticmethod
    def _decisions(given: list[str]) -> dict[int, str]:
        decisions = {}
        for item in given:
            row, _, choice = item.partition("=")
            if not row.strip().isdigit() or not choice.strip():
                raise CommandError(f"--decide: '{item}' is not ROW=CHOICE (such as 7=new, 8=skip, 9=<uuid>).")
            decisions[int(row)] = choice.strip()
        return decisions
