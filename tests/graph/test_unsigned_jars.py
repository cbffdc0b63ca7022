"""The launcher's jars lose their signatures (and only those), so that Neo4j starts without checking them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from graph import unsigned_jars
from graph.server import LAUNCHER_LIB, build_launcher

DIGESTS_ONLY = (
    b"Manifest-Version: 1.0\r\nAutomatic-Module-Name: org.example.collections\r\nMulti-Release: true\r\n\r\n"
    b"Name: org/example/List.class\r\nSHA-256-Digest: qW1u8fiNdpsu1Ff/ZfK0kBn9g+x2xN6yBjXQZ3A4mAk=\r\n\r\n"
    b"Name: org/example/a/very/long/package/name/that/goes/past/the/seventy-two/byte\r\n /limit/Map.class\r\n"
    b"SHA-256-Digest: ZmFrZSBkaWdlc3QgZm9yIHRoZSBtYXAgY2xhc3MgZmlsZSBoZXJlAAA=\r\n\r\n"
)
CLASS_BYTES = {"org/example/List.class": b"\xca\xfe\xba\xbe list", "org/example/Map.class": b"\xca\xfe\xba\xbe map"}


def signed_jar(path: Path, manifest: bytes = DIGESTS_ONLY) -> Path:
    """A jar laid out as a signed one: its manifest lists each entry's digest, and a signature file and block."""
    with zipfile.ZipFile(path, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest)
        jar.writestr("META-INF/ECLIPSE_.SF", b"Signature-Version: 1.0\r\n")
        jar.writestr("META-INF/ECLIPSE_.RSA", b"\x30\x82 block")
        for name, data in CLASS_BYTES.items():
            jar.writestr(name, data)
    return path


def test_a_signed_jar_keeps_its_classes_and_main_manifest_and_loses_its_signature(tmp_path: Path) -> None:
    # given a signed jar beside an unsigned one
    lib = tmp_path / "lib"
    lib.mkdir()
    signed = signed_jar(lib / "collections-11.1.0.jar")
    with zipfile.ZipFile(lib / "plain-1.0.jar", "w") as plain:
        plain.writestr("org/example/Plain.class", b"\xca\xfe\xba\xbe plain")
    plain_bytes = (lib / "plain-1.0.jar").read_bytes()
    # when the launcher's jars are unsigned
    assert unsigned_jars.unsign_all(lib) == ["collections-11.1.0.jar"]
    # then the signed one has no signature, every class unchanged, and its manifest's main section as it was
    assert not unsigned_jars.is_signed(signed)
    with zipfile.ZipFile(signed) as jar:
        assert sorted(jar.namelist()) == ["META-INF/MANIFEST.MF", *sorted(CLASS_BYTES)]
        assert {name: jar.read(name) for name in CLASS_BYTES} == CLASS_BYTES
        assert jar.read("META-INF/MANIFEST.MF") == (
            b"Manifest-Version: 1.0\nAutomatic-Module-Name: org.example.collections\nMulti-Release: true\n\n"
        )
    # and the unsigned one was not written again
    assert (lib / "plain-1.0.jar").read_bytes() == plain_bytes
    assert unsigned_jars.checked(lib)


def test_a_manifest_section_that_says_more_than_digests_is_kept_whole(tmp_path: Path) -> None:
    # given a signed jar whose manifest also seals a package
    manifest = DIGESTS_ONLY + b"Name: org/example/\r\nSealed: true\r\n\r\n"
    jar_path = signed_jar(tmp_path / "sealed.jar", manifest)
    # when its signature is removed
    unsigned_jars.remove_signature(jar_path)
    # then the signature files are gone but the manifest is untouched: what it says beyond digests still holds
    with zipfile.ZipFile(jar_path) as jar:
        assert jar.read("META-INF/MANIFEST.MF") == manifest
    assert not unsigned_jars.is_signed(jar_path)


def test_a_jar_put_back_signed_after_the_check_is_noticed(tmp_path: Path) -> None:
    # given jars checked once
    lib = tmp_path / "lib"
    lib.mkdir()
    signed_jar(lib / "collections-11.1.0.jar")
    unsigned_jars.unsign_all(lib)
    # when Maven copies the signed jar there again
    signed_jar(lib / "collections-11.1.0.jar")
    # then the jars count as unchecked, and checking them again unsigns it
    assert not unsigned_jars.checked(lib)
    unsigned_jars.unsign_all(lib)
    assert unsigned_jars.checked(lib) and not unsigned_jars.is_signed(lib / "collections-11.1.0.jar")


@pytest.mark.neo4j
def test_the_built_launcher_runs_neo4j_from_jars_none_of_them_signed(neo4j_server: object) -> None:
    # given the launcher as the tests' Neo4j was started from it
    build_launcher()
    # then no jar on its class path carries a signature the JVM would check at each start
    jars = sorted(LAUNCHER_LIB.glob("*.jar"))
    assert len(jars) > 100
    assert [jar.name for jar in jars if unsigned_jars.is_signed(jar)] == []
    assert unsigned_jars.checked(LAUNCHER_LIB)
