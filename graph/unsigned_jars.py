"""The launcher's jars without their signatures, so that Neo4j starts without checking them (decision 0033).

A signed jar is checked entry by entry each time the JVM reads it, and the JVM's class archive leaves out every
class of a signed jar, so those are loaded and checked again on every start. Two of Neo4j's dependencies are
signed (eclipse-collections, 11 MB): about 40% of a server's start went to them (bench/RESULTS.md). Maven has
checked each jar's checksum on download; a signature checked again on this machine's own disk adds nothing.

Standard library only: the Makefile runs it right after Maven, before Liaison's environment need exist.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path

SIGNATURE_FILE = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)", re.IGNORECASE)
MANIFEST = "META-INF/MANIFEST.MF"
DIGEST = re.compile(rb"[A-Za-z0-9_-]+-Digest(-Manifest)?:", re.IGNORECASE)
# Written beside the jars once all of them were checked: each jar's name and size, which a jar Maven puts there
# again (signed) changes.
CHECKED_STAMP = ".unsigned"


def is_signed(jar: Path) -> bool:
    """Whether the jar carries a signature the JVM would check."""
    with zipfile.ZipFile(jar) as archive:
        return any(SIGNATURE_FILE.fullmatch(name) for name in archive.namelist())


def manifest_without_digests(manifest: bytes) -> bytes:
    """The manifest's main section alone when every other section only lists an entry's digests; else unchanged."""
    text = manifest.replace(b"\r\n", b"\n")
    main, _, rest = text.partition(b"\n\n")
    for section in filter(None, rest.split(b"\n\n")):
        for line in section.split(b"\n"):
            # A section names its entry (continued on lines that start with a space) and lists digests; anything
            # else (a sealed package, a version) is kept, and with it the whole manifest.
            if line and not line.startswith((b" ", b"Name:")) and not DIGEST.match(line):
                return manifest
    return main.rstrip(b"\n") + b"\n\n"


def remove_signature(jar: Path) -> None:
    """Write the jar again without its signature files and its entries' digests; the old one is replaced at once."""
    written = jar.with_name(f"{jar.name}.{os.getpid()}.unsigning")
    try:
        with zipfile.ZipFile(jar) as source, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                if SIGNATURE_FILE.fullmatch(entry.filename):
                    continue
                data = source.read(entry)
                if entry.filename == MANIFEST:
                    data = manifest_without_digests(data)
                target.writestr(entry, data)
        os.replace(written, jar)
    finally:
        written.unlink(missing_ok=True)


def unsign_all(lib: Path) -> list[str]:
    """Remove the signature of every signed jar in `lib`; return the names of those that had one."""
    unsigned = [jar.name for jar in sorted(lib.glob("*.jar")) if is_signed(jar)]
    for name in unsigned:
        remove_signature(lib / name)
    (lib / CHECKED_STAMP).write_text(_listing(lib))
    return unsigned


def checked(lib: Path) -> bool:
    """Whether the jars in `lib` are those checked last, none of them signed."""
    stamp = lib / CHECKED_STAMP
    return stamp.exists() and stamp.read_text() == _listing(lib)


def _listing(lib: Path) -> str:
    return "".join(f"{jar.name} {jar.stat().st_size}\n" for jar in sorted(lib.glob("*.jar")))


if __name__ == "__main__":
    names = unsign_all(Path(sys.argv[1]))
    if names:
        print(f"unsigned {len(names)} jar(s) for a faster Neo4j start: {', '.join(names)}")
