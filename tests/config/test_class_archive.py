"""The Neo4j server's class archive: written by a start without one, kept after a polite stop, never half-written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph import server as server_module
from graph.server import LocalServer, class_sharing, keep_class_archive


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the class archive goes, in a folder of the test's own instead of the launcher's build."""
    path = tmp_path / "build" / "server-classes-test.jsa"
    path.parent.mkdir()
    monkeypatch.setattr(server_module, "_class_archive", lambda java, program: path)
    return path


@pytest.fixture
def local(tmp_path: Path) -> LocalServer:
    (tmp_path / "home").mkdir()
    return replace(LocalServer.from_settings(), home=tmp_path / "home")


def dump_written_at_exit(options: list[str]) -> Path:
    """What the JVM does at its exit when told to write the archive: the file it was given."""
    (option,) = options
    assert option.startswith("-XX:ArchiveClassesAtExit=")
    dump = Path(option.split("=", 1)[1])
    dump.write_bytes(b"classes")
    return dump


def test_the_first_start_writes_the_archive_and_the_next_one_maps_it(local: LocalServer, archive: Path) -> None:
    # given a start with no archive yet: it is told to write one at exit, under a name of its own
    dump = dump_written_at_exit(class_sharing("java", "server", local._class_dump_note))
    assert dump != archive and not archive.exists()
    # when the server stopped politely
    keep_class_archive(local._class_dump_note)
    # then the archive is in place, and the next start maps it
    assert archive.read_bytes() == b"classes" and not dump.exists()
    assert class_sharing("java", "server", local._class_dump_note) == [f"-XX:SharedArchiveFile={archive}"]


def test_a_server_killed_while_writing_leaves_no_archive(local: LocalServer, archive: Path) -> None:
    # given a start told to write the archive, killed while it wrote part of it
    dump = dump_written_at_exit(class_sharing("java", "server", local._class_dump_note))
    # when the server is started again
    options = class_sharing("java", "server", local._class_dump_note)
    # then the part written is gone, no archive is taken from it, and this start writes a whole one
    assert not dump.exists() and not archive.exists()
    assert options[0].startswith("-XX:ArchiveClassesAtExit=") and options[0] != f"-XX:ArchiveClassesAtExit={dump}"


def test_a_new_archive_replaces_the_programs_older_ones_and_leaves_the_others(
    local: LocalServer, archive: Path
) -> None:
    # given archives left by earlier launcher builds: two of the server's (over 100 MB each), one of the importer's
    older = [archive.with_name("server-classes-0123456789abcdef.jsa"), archive.with_name("server-classes-old.jsa")]
    importer = archive.with_name("importer-classes-0123456789abcdef.jsa")
    for path in [*older, importer]:
        path.write_bytes(b"old classes")
    # when a start for this build wrote its archive and stopped politely
    dump_written_at_exit(class_sharing("java", "server", local._class_dump_note))
    keep_class_archive(local._class_dump_note)
    # then only this build's server archive is left of the server's, and the importer's is untouched
    assert sorted(path.name for path in archive.parent.glob("*.jsa")) == [importer.name, archive.name]
