"""Keep a mirror of what changed in Liaison: page through the change feed from a saved cursor, and resume there.

The feed carries ids, kinds of change and the names of the fields that changed, never values: a mirror that
needs the values reads each changed record with its own token, and sees only what that token may see.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

# connection first: it puts the generated client (clients/python) on the path when it is not installed.
from connection import DEFAULT_URL, TOKEN_VARIABLE, Client, LiaisonClientError, make_client, run
from liaison_client.changes import ChangesChangesChanges
from liaison_client.enums import ChangeKind


def empty_state() -> dict[str, Any]:
    """A mirror that has seen nothing: no cursor, no records."""
    return {"cursor": None, "records": {}}


def load_state(path: Path) -> dict[str, Any]:
    """The mirror saved at `path`, or an empty one."""
    if not path.exists():
        return empty_state()
    return json.loads(path.read_text(encoding="utf-8"))


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Save the mirror whole or not at all: written beside, then renamed over the old file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(path)


def apply_change(state: dict[str, Any], change: ChangesChangesChanges) -> None:
    """Record one change: what the record is, whether it still exists, and what changed last."""
    record = state["records"].setdefault(change.uuid, {"kind": change.record_kind, "changes": 0})
    record.update(
        deleted=change.kind is ChangeKind.DELETED,
        last_change=change.type_,
        last_fields=change.fields,
        sequence=change.sequence,
        changes=record["changes"] + 1,
    )


def sync(client: Client, state: dict[str, Any], kinds: list[ChangeKind] | None = None) -> int:
    """Apply every change after the mirror's cursor, a page at a time; returns how many were applied."""
    applied = 0
    while True:
        page = run(client.changes, after=state["cursor"], kinds=kinds).changes
        for change in page.changes:
            apply_change(state, change)
            applied += 1
        # Keep the cursor after each page: a mirror stopped half-way resumes where it was, losing nothing.
        state["cursor"] = page.end_cursor
        if not page.has_more:
            return applied


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Keep a mirror of Liaison's changes in a JSON file.")
    parser.add_argument("--url", default=DEFAULT_URL, help="Liaison's base URL")
    parser.add_argument("--state", type=Path, default=Path("liaison-mirror.json"), help="the mirror's file")
    parser.add_argument(
        "--kinds", nargs="*", choices=[kind.value for kind in ChangeKind], help="only these kinds of change"
    )
    parser.add_argument("--follow", action="store_true", help="keep polling")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between polls with --follow")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Sync the mirror once (or keep doing so), printing what changed."""
    arguments = _arguments(argv)
    try:
        client = make_client(arguments.url, os.environ.get(TOKEN_VARIABLE, ""))
        state = load_state(arguments.state)
        while True:
            applied = sync(client, state, [ChangeKind(kind) for kind in arguments.kinds or ()] or None)
            save_state(arguments.state, state)
            print(f"{applied} changes applied; {len(state['records'])} records mirrored")
            if not arguments.follow:
                return 0
            time.sleep(arguments.interval)
    except LiaisonClientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
