"""Put an imported store in place of the local server's database: stop, swap the directories, start again."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings

from graph.driver import close_driver
from graph.server import LocalServer, Neo4jServerError


class SwapFailed(Exception):
    """The server did not start on the imported store; the old store was put back and the server started on it."""


def store_directories(home: Path) -> tuple[Path, Path]:
    """The configured database's store and transaction logs under a Neo4j home."""
    database = settings.NEO4J_DATABASE
    return home / "data" / "databases" / database, home / "data" / "transactions" / database


def _move(source: Path, destination: Path) -> None:
    if source.exists():
        destination.parent.mkdir(parents=True, exist_ok=True)
        source.rename(destination)  # the same file system: a rename, not a copy


def _swap(source_home: Path, destination_home: Path) -> None:
    """Move the database's store and logs of one home into another."""
    for source, destination in zip(store_directories(source_home), store_directories(destination_home), strict=True):
        _move(source, destination)


def swap_store(server: LocalServer, staging_home: Path, aside_home: Path) -> float:
    """Stop the server, move its store aside and the imported one in, start it; return the seconds it was down."""
    close_driver()  # every pooled connection dies with the server
    started = time.perf_counter()
    server.stop()
    _swap(server.home, aside_home)
    _swap(staging_home, server.home)
    try:
        server.start()
    except Neo4jServerError as error:
        server.stop()
        failed_home = server.home / "rebuild-failed"
        discard(failed_home)
        _swap(server.home, failed_home)
        _swap(aside_home, server.home)
        server.start()
        raise SwapFailed(
            f"Neo4j did not start on the imported store ({error}); the previous graph serves again. "
            f"The imported store is kept in {failed_home} for a look."
        ) from error
    finally:
        close_driver()
    return time.perf_counter() - started


def discard(path: Path) -> None:
    """Remove a work directory of the rebuild, if it is there."""
    shutil.rmtree(path, ignore_errors=True)
