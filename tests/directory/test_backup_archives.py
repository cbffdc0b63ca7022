"""Restore reads only what a backup holds: hostile or broken archives are refused before anything changes."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.backups.archive import read_archive
from directory.models import Country
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def archive_of(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as packed:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            packed.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            packed.addfile(info)
    return path


def manifest(**changes: object) -> bytes:
    fields = {
        "format": 1,
        "liaison_version": "0.1.0",
        "created_at": "2026-12-01T20:00:00+00:00",
        "engine": "sqlite",
        "database_file": "database.sqlite3",
        "migrations": [],
        "tables": {},
        "secrets": [],
        "checksums": {},
    }
    return json.dumps({**fields, **changes}).encode()


def refusal(archive: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--force")
    return str(refused.value)


@pytest.fixture(autouse=True)
def data() -> None:
    """A database holding data, which a refused restore must leave as it is."""
    build_small_world()


@pytest.fixture(autouse=True)
def unchanged() -> object:
    before = sorted(Country.objects.values_list("code", flat=True))
    yield
    assert sorted(Country.objects.values_list("code", flat=True)) == before


def test_a_member_that_climbs_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    archive = archive_of(tmp_path / "a.tar.gz", {"manifest.json": manifest(), "../escaped": b"x"})
    assert "'../escaped', which no Liaison backup holds" in refusal(archive)
    assert not (tmp_path.parent / "escaped").exists()


def test_a_link_is_refused(tmp_path: Path) -> None:
    archive = archive_of(
        tmp_path / "a.tar.gz", {"manifest.json": manifest()}, links={"secrets/token_key": "/etc/passwd"}
    )
    assert "'secrets/token_key', which no Liaison backup holds" in refusal(archive)


def test_a_file_that_is_no_archive_is_refused(tmp_path: Path) -> None:
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_bytes(b"these are not the files you are looking for")
    assert "is not a readable backup archive (tar.gz)" in refusal(not_an_archive)
    assert "is not a file" in refusal(tmp_path / "missing.tar.gz")


def test_an_archive_without_a_manifest_is_refused(tmp_path: Path) -> None:
    archive = archive_of(tmp_path / "a.tar.gz", {"database.sqlite3": b"x"})
    assert "has no manifest.json" in refusal(archive)


def test_a_file_missing_from_the_archive_is_named(tmp_path: Path) -> None:
    listed = manifest(checksums={"database.sqlite3": "0" * 64, "secrets/token_key": "0" * 64})
    archive = archive_of(tmp_path / "a.tar.gz", {"manifest.json": listed, "database.sqlite3": b"x"})
    message = refusal(archive)
    assert "missing: ['secrets/token_key']" in message and "use another backup" in message


def test_an_archive_of_another_format_is_refused(tmp_path: Path) -> None:
    archive = archive_of(tmp_path / "a.tar.gz", {"manifest.json": manifest(format=99)})
    assert "backup format 99; this Liaison reads format 1" in refusal(archive)


def test_a_manifest_that_is_not_json_is_refused(tmp_path: Path) -> None:
    archive = archive_of(tmp_path / "a.tar.gz", {"manifest.json": b"{not json"})
    assert "The manifest of" in refusal(archive) and "cannot be read" in refusal(archive)


def test_a_file_named_twice_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.gz"
    with tarfile.open(archive, "w:gz") as packed:
        for content in (manifest(), b"{}"):
            info = tarfile.TarInfo("manifest.json")
            info.size = len(content)
            packed.addfile(info, io.BytesIO(content))
    assert "holds 'manifest.json' twice" in refusal(archive)


def test_a_restored_archives_files_are_its_bytes_and_owner_only(tmp_path: Path) -> None:
    listed = manifest(checksums={"database.sqlite3": hashlib.sha256(b"rows").hexdigest()})
    archive = archive_of(tmp_path / "a.tar.gz", {"manifest.json": listed, "database.sqlite3": b"rows"})
    into = tmp_path / "into"
    into.mkdir()
    read_archive(archive, into)
    assert (into / "database.sqlite3").read_bytes() == b"rows"
    assert stat.S_IMODE((into / "database.sqlite3").stat().st_mode) == 0o600
