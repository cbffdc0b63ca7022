"""Run Neo4j's offline importer (`neo4j-admin database import full`) from the launcher's jars into a fresh store."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from graph.offline.export import Export
from graph.server import (
    LAUNCHER_JAR,
    LAUNCHER_LIB,
    build_launcher,
    class_sharing,
    discard_class_dump,
    keep_class_archive,
    require_java,
)

ADMIN_TOOL_CLASS = "org.neo4j.cli.AdminTool"

# Called with the importer's process as soon as it runs (the fault drills stop or kill it).
OnImporter = Callable[[subprocess.Popen[bytes]], None]


class ImportFailed(Exception):
    """The importer did not finish; the message quotes its reason. Nothing outside the staging home changed."""


@dataclass
class ImportResult:
    """What the importer wrote, from its own report, and how long it ran."""

    nodes: int
    relationships: int
    seconds: float
    log: Path
    stages: dict[str, float]  # the importer's own timing of each stage ("Node import": 2.03, ...)

    def stage(self, name: str) -> float:
        """Seconds the importer says one stage took (0 when it did not say)."""
        return self.stages.get(name, 0.0)


def _import_arguments(export: Export, database: str) -> list[str]:
    arguments = ["database", "import", "full"]
    arguments += [f"--nodes={source.argument()}" for source in export.nodes]
    arguments += [f"--relationships={source.argument()}" for source in export.relationships]
    multiline = [
        str(path) for source in (*export.nodes, *export.relationships) if source.multiline for path in source.data
    ]
    if multiline:
        # Only the files with a line break in a value are parsed the slow way.
        arguments += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
    return [
        *arguments,
        # The database is the system of record: any entry the importer cannot take is a fault, not noise to skip.
        "--bad-tolerance=0",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        "--strict=true",
        # The files give each node its id in the store, unique across labels (export.py): nothing to map or look up.
        "--id-type=actual",
        f"--max-off-heap-memory={settings.LIAISON_NEO4J_IMPORT_MEMORY}",
        f"--threads={settings.LIAISON_NEO4J_IMPORT_THREADS}",
        "--overwrite-destination=true",
        database,
    ]


def run_import(export: Export, staging_home: Path, log: Path, *, on_importer: OnImporter | None = None) -> ImportResult:
    """Import the exported files into `staging_home`'s copy of the configured database, its output into `log`."""
    java = require_java()
    build_launcher()
    (staging_home / "conf").mkdir(parents=True, exist_ok=True)
    (staging_home / "conf" / "neo4j.conf").touch()
    log.parent.mkdir(parents=True, exist_ok=True)
    class_dump_note = staging_home / "class-archive-pending"
    command = [
        java,
        f"-Xmx{settings.LIAISON_NEO4J_IMPORT_HEAP}",
        *settings.LIAISON_NEO4J_IMPORT_JAVA_OPTIONS.split(),
        *class_sharing(java, "importer", class_dump_note),
        "-cp",
        f"{LAUNCHER_JAR}{os.pathsep}{LAUNCHER_LIB}/*",
        ADMIN_TOOL_CLASS,
        *_import_arguments(export, settings.NEO4J_DATABASE),
        f"--report-file={log.with_suffix('.report')}",
    ]
    environment = {**os.environ, "NEO4J_HOME": str(staging_home), "NEO4J_CONF": str(staging_home / "conf")}
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment, cwd=staging_home)
        try:
            if on_importer:
                on_importer(process)
            code = process.wait()
        except BaseException:
            process.kill()
            process.wait()
            discard_class_dump(class_dump_note)
            raise
    seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if code != 0 or "IMPORT DONE" not in text:
        discard_class_dump(class_dump_note)
        raise ImportFailed(_failure(code, text, log))
    keep_class_archive(class_dump_note)
    return ImportResult(
        nodes=_counted(text, "nodes"),
        relationships=_counted(text, "relationships"),
        seconds=seconds,
        log=log,
        stages=_stages(text),
    )


_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def _stages(text: str) -> dict[str, float]:
    """Each stage's duration from lines like "Post processing COMPLETED in 1m 2s 32ms"."""
    stages = {}
    for name, duration in re.findall(r"^(\w[\w ]*?) COMPLETED in ((?:\d+(?:ms|h|m|s) ?)+)", text, re.MULTILINE):
        stages[name] = sum(float(amount) * _UNITS[unit] for amount, unit in re.findall(r"(\d+)(ms|h|m|s)", duration))
    return stages


def _counted(text: str, what: str) -> int:
    """A total from the importer's closing summary ("Imported: 104567 nodes, 832000 relationships, ...")."""
    match = re.search(rf"(\d[\d,]*) {what}", text.split("IMPORT DONE", 1)[-1])
    return int(match.group(1).replace(",", "")) if match else -1


def _failure(code: int, text: str, log: Path) -> str:
    """The importer's own reason, in a line or two, and where its whole output is."""
    if code < 0:
        return f"the importer was stopped by signal {-code} before it finished (its output: {log})"
    # A refused option is named above the usage text the importer prints after it.
    lines = [line.strip() for line in text.split("\nUSAGE", 1)[0].splitlines() if line.strip()]
    reasons = [line for line in lines if re.search(r"error|exception|failed|invalid", line, re.IGNORECASE)]
    reason = (reasons or lines or ["no output"])[-1][:600]
    return f"the importer exited with code {code}: {reason} (its output: {log})"
