"""The backup archive: one tar.gz holding the database copy, the secrets and a manifest with their checksums."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from directory.backups.problems import BackupError
from directory.error_codes import BackupProblem

FORMAT = 1
MANIFEST = "manifest.json"
SECRETS_FOLDER = "secrets"
# Generous: a backup is an operator's own file, the cap only stops a stray file from filling the disk.
MAX_MEMBER_BYTES = 64 * 1024**3


@dataclass
class Manifest:
    """What an archive holds and how to check it."""

    format: int
    liaison_version: str
    created_at: str
    engine: str
    database_file: str
    migrations: list[list[str]]
    tables: dict[str, int]
    secrets: list[str]
    checksums: dict[str, str] = field(default_factory=dict)


def sha256(path: Path) -> str:
    """The file's SHA-256, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_archive(target: Path, manifest: Manifest, members: dict[str, Path]) -> None:
    """Write the archive (owner-only: it holds secrets) under a temporary name, then rename it into place."""
    manifest.checksums = {name: sha256(path) for name, path in sorted(members.items())}
    manifest_file = target.parent / f".{target.name}.manifest"
    manifest_file.write_text(json.dumps(asdict(manifest), indent=2, ensure_ascii=False), encoding="utf-8")
    partial = target.parent / f".{target.name}.partial"
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST, filter=_private)
            for name, path in sorted(members.items()):
                archive.add(path, arcname=name, filter=_private)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        manifest_file.unlink(missing_ok=True)


def _private(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owner-only, and no name of the machine's users: a restore elsewhere owns what it unpacks."""
    member.mode, member.uid, member.gid, member.uname, member.gname = 0o600, 0, 0, "", ""
    return member


def read_archive(source: Path, into: Path) -> Manifest:
    """Unpack a backup into `into` and check it: its manifest, that every file is listed, and every checksum."""
    if not source.is_file():
        raise BackupError(BackupProblem.NOT_AN_ARCHIVE, f"{source} is not a file; give the path of a backup archive.")
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            names = _checked_members(archive, source)
            _unpack(archive, names, into)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            BackupProblem.NOT_AN_ARCHIVE,
            f"{source} is not a readable backup archive (tar.gz): {error}; give a file made by `manage.py backup`.",
        ) from None
    manifest = _manifest(into / MANIFEST, source)
    listed = set(manifest.checksums)
    present = set(names) - {MANIFEST}
    if present != listed:
        extra, missing = sorted(present - listed), sorted(listed - present)
        raise BackupError(
            BackupProblem.DAMAGED,
            f"{source} does not hold what its manifest lists (missing: {missing or 'none'}, "
            f"not listed: {extra or 'none'}); it is damaged or was altered: use another backup.",
        )
    for name, expected in sorted(manifest.checksums.items()):
        if sha256(into / name) != expected:
            raise BackupError(
                BackupProblem.DAMAGED,
                f"{name} in {source} does not match its checksum in the manifest: the archive is damaged or was "
                "altered; use another backup.",
            )
    return manifest


def _unpack(archive: tarfile.TarFile, names: list[str], into: Path) -> None:
    """Write each checked member's bytes under `into`, owner-only."""
    # Only the bytes: no link, device, owner or mode the archive may name is taken, on any Python (tarfile's "data"
    # filter came with 3.11.4, and Debian's 3.11 is 3.11.2).
    for name in names:
        target = into / name
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        content = archive.extractfile(name)
        if content is None:  # not a regular file: _checked_members let none through
            raise tarfile.ExtractError(f"{name} is not a regular file")
        with content, os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as written:
            shutil.copyfileobj(content, written)


def _checked_members(archive: tarfile.TarFile, source: Path) -> list[str]:
    names: list[str] = []
    for member in archive.getmembers():
        allowed = member.name == MANIFEST or member.name.startswith("database.") or _is_secret(member.name)
        if not (member.isfile() and allowed and "/" not in member.name.removeprefix(f"{SECRETS_FOLDER}/")):
            raise BackupError(
                BackupProblem.DAMAGED,
                f"{source} holds {member.name!r}, which no Liaison backup holds; it was altered: use another backup.",
            )
        if member.size > MAX_MEMBER_BYTES:
            raise BackupError(BackupProblem.DAMAGED, f"{member.name} in {source} is implausibly large.")
        if member.name in names:
            raise BackupError(
                BackupProblem.DAMAGED,
                f"{source} holds {member.name!r} twice, which no Liaison backup does; it was altered: use another "
                "backup.",
            )
        names.append(member.name)
    if MANIFEST not in names:
        raise BackupError(
            BackupProblem.NOT_AN_ARCHIVE, f"{source} has no {MANIFEST}: it is not a backup made by `manage.py backup`."
        )
    return names


def _is_secret(name: str) -> bool:
    return name.startswith(f"{SECRETS_FOLDER}/") and len(name) > len(SECRETS_FOLDER) + 1


def _manifest(path: Path, source: Path) -> Manifest:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise BackupError(
                BackupProblem.NOT_AN_ARCHIVE,
                f"{source} is in backup format {data.get('format')!r}; this Liaison reads format {FORMAT}: "
                "restore it with the Liaison version that made it.",
            )
        return Manifest(**data)
    except (ValueError, TypeError, AttributeError) as error:
        raise BackupError(
            BackupProblem.DAMAGED, f"The manifest of {source} cannot be read ({error}); use another backup."
        ) from None


def default_name(created_at: str) -> str:
    """liaison-backup-20261201T203000Z.tar.gz"""
    stamp = created_at.replace("-", "").replace(":", "").split(".")[0].split("+")[0]
    return f"liaison-backup-{stamp}Z.tar.gz"
