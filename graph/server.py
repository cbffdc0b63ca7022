"""Start, stop and inspect the local Neo4j Community server that graph/launcher runs."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from neo4j import READ_ACCESS, GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import queries, unsigned_jars

LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "liaison-neo4j-launcher-1.0.0.jar"
LAUNCHER_LIB = LAUNCHER_DIR / "target" / "lib"
LAUNCHER_CLASS = "org.liaison.Neo4jLauncher"
MINIMUM_JAVA = 17

# Popen objects of servers this process started, so that stopping one also reaps it.
_children: dict[int, subprocess.Popen[bytes]] = {}


class Neo4jServerError(Exception):
    """The local Neo4j server could not be started or stopped; the message says why and what to do."""


def require_java() -> str:
    """Return the java executable, or explain how to install Java 17."""
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError(
            "Java was not found on PATH; Neo4j needs Java 17 or newer "
            "(Debian: apt-get install openjdk-17-jre-headless)."
        )
    banner = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', banner)
    if match is None or int(match.group(1)) < MINIMUM_JAVA:
        raise Neo4jServerError(
            f"Neo4j needs Java {MINIMUM_JAVA} or newer, but `java -version` says: {banner.strip()[:120]}"
        )
    return java


def build_launcher() -> None:
    """Build graph/launcher with Maven unless it is built already, its jars freed of their signatures."""
    # A launcher built before the offline importer joined it lacks that jar: build it again.
    if LAUNCHER_JAR.exists() and any(LAUNCHER_LIB.glob("neo4j-import-tool-*.jar")):
        if not unsigned_jars.checked(LAUNCHER_LIB):  # built before its jars were unsigned
            unsigned_jars.unsign_all(LAUNCHER_LIB)
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError(
            "Maven was not found on PATH; it builds the Neo4j launcher (Debian: apt-get install maven)."
        )
    result = subprocess.run([mvn, "-q", "-B", "package"], cwd=LAUNCHER_DIR, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Neo4jServerError(
            "Maven could not build graph/launcher (is Maven Central reachable?):\n"
            + (result.stdout + result.stderr)[-2000:]
        )
    unsigned_jars.unsign_all(LAUNCHER_LIB)


# Class data sharing: the JVM maps the classes an earlier run loaded from an archive instead of loading and checking
# them again, which takes about 40% off the CPU of a server's start (bench/RESULTS.md). A run without the archive
# writes it at its exit, under a name of its own noted beside it, put in place only after a clean exit: a process
# killed while writing it leaves no partial archive for the next run.
# A class archive is named "<program>-classes-<stamp>.jsa".
ARCHIVE_INFIX = "-classes-"


def _class_archive(java: str, program: str) -> Path:
    """Where a program's class archive is: one for each program, Java and launcher build, which it holds classes of."""
    built = [LAUNCHER_JAR, *sorted(LAUNCHER_LIB.glob("*.jar"))]
    stamp = "|".join([os.path.realpath(java), *(f"{jar.name}:{jar.stat().st_mtime_ns}" for jar in built)])
    return LAUNCHER_JAR.parent / f"{program}{ARCHIVE_INFIX}{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.jsa"


def class_sharing(java: str, program: str, note: Path) -> list[str]:
    """The JVM options that map the program's class archive, or that write it at exit (noted in `note`)."""
    discard_class_dump(note)  # left by a run that was killed: its dump is not trusted
    archive = _class_archive(java, program)
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}"]
    dump = archive.with_name(f"{archive.stem}-{os.getpid()}-{time.time_ns()}.tmp")
    note.write_text(f"{dump}\n{archive}\n")
    return [f"-XX:ArchiveClassesAtExit={dump}"]


def discard_class_dump(note: Path) -> None:
    """Forget the archive a run was writing (it was killed, or failed)."""
    if note.exists():
        Path(note.read_text().split()[0]).unlink(missing_ok=True)
        note.unlink()


def keep_class_archive(note: Path) -> None:
    """After a clean exit, put the class archive the run wrote in place."""
    try:
        dump, archive = note.read_text().split()
    except (FileNotFoundError, ValueError):
        return
    note.unlink(missing_ok=True)
    if Path(dump).exists():
        os.replace(dump, archive)
        _forget_other_archives(Path(archive))


def _forget_other_archives(kept: Path) -> None:
    """Delete the program's archives for an earlier Java or launcher build: over 100 MB each, never used again."""
    program = kept.name.split(ARCHIVE_INFIX)[0]
    for archive in kept.parent.glob(f"{program}{ARCHIVE_INFIX}*.jsa"):
        if archive != kept:
            archive.unlink(missing_ok=True)  # a server still mapping it keeps its pages until it stops


def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class LocalServer:
    """The Neo4j server that Liaison runs itself, with its data and logs under `home`."""

    home: Path
    port: int
    password: str
    heap: str
    start_timeout: float
    java_options: tuple[str, ...] = ()
    # Seconds a query's plan is kept before a change in the graph's size may have it planned again; empty keeps
    # Neo4j's 10 s (the launcher checks the value).
    min_replan_seconds: str = ""

    @classmethod
    def from_settings(cls) -> LocalServer:
        """The local server as the settings describe it."""
        return cls(
            home=Path(settings.NEO4J_HOME),
            port=settings.NEO4J_PORT,
            password=settings.NEO4J_PASSWORD,
            heap=settings.NEO4J_HEAP,
            start_timeout=settings.NEO4J_START_TIMEOUT,
            java_options=tuple(settings.NEO4J_JAVA_OPTIONS.split()),
            min_replan_seconds=settings.NEO4J_MIN_REPLAN_SECONDS,
        )

    @property
    def uri(self) -> str:
        """The Bolt address of this server."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        """Where the running server's process id is kept."""
        return self.home / "launcher.pid"

    @property
    def log_file(self) -> Path:
        """Where the launcher's own output goes (Neo4j's logs are beside it under logs/)."""
        return self.home / "logs" / "launcher.log"

    def running_pid(self) -> int | None:
        """The pid of this server's live launcher process, if there is one."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _is_live_launcher(pid) else None

    def status(self) -> str:
        """One line saying whether the server runs and answers."""
        pid = self.running_pid()
        if pid is None:
            return f"stopped (data in {self.home})"
        state = "answering" if self.answers() else "not answering yet"
        return f"running, pid {pid}, {state} on {self.uri} (data in {self.home})"

    def answers(self) -> bool:
        """Whether Bolt answers with this server's credentials."""
        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", self.password), connection_timeout=2) as driver:
                driver.verify_connectivity()
        except (ServiceUnavailable, OSError):
            return False
        return True

    def start(self) -> str:
        """Start the server in the background and wait until Bolt answers; say what happened."""
        if self.running_pid() is not None:
            if not self._wait_until_answering(self.running_pid()):
                raise Neo4jServerError(f"Neo4j runs but did not answer on {self.uri}; see {self.log_file}")
            return f"Neo4j already running on {self.uri}"
        java = require_java()
        build_launcher()
        if not port_is_free(self.port):
            raise Neo4jServerError(
                f"port {self.port} on 127.0.0.1 is already in use by another program; "
                f"stop it, or set NEO4J_PORT to a free port"
            )
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        command = [
            java,
            f"-Xmx{self.heap}",
            *self.java_options,
            *class_sharing(java, "server", self._class_dump_note),
            "-cp",
            f"{LAUNCHER_JAR}{os.pathsep}{LAUNCHER_LIB}/*",
            LAUNCHER_CLASS,
            str(self.home),
            str(self.port),
        ]
        environment = {**os.environ, "NEO4J_PASSWORD": self.password}
        if self.min_replan_seconds:
            environment["LIAISON_NEO4J_MIN_REPLAN_SECONDS"] = self.min_replan_seconds
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True
            )
        _children[process.pid] = process
        self.pid_file.write_text(str(process.pid))
        started = time.monotonic()
        try:
            answered = self._wait_until_answering(process.pid, log_offset)
        except BaseException:
            self.stop(timeout=HALF_STARTED_STOP_SECONDS)  # never leave a half-started server behind
            raise
        if not answered:
            self.stop(timeout=HALF_STARTED_STOP_SECONDS)
            raise Neo4jServerError(
                f"Neo4j did not answer on {self.uri} within {self.start_timeout:.0f} s; "
                f"see {self.log_file}, or raise NEO4J_START_TIMEOUT"
            )
        return f"Neo4j started on {self.uri} in {time.monotonic() - started:.1f} s (pid {process.pid})"

    def stop(self, timeout: float = 60.0) -> str:
        """Stop this server's launcher process only, politely first."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return "Neo4j was not running"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _is_live_launcher(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _is_live_launcher(pid):
            os.kill(pid, signal.SIGKILL)
            _reap(pid, timeout=10)
            discard_class_dump(self._class_dump_note)
        else:
            keep_class_archive(self._class_dump_note)
        self.pid_file.unlink(missing_ok=True)
        return f"Neo4j stopped (pid {pid})"

    @property
    def _class_dump_note(self) -> Path:
        return self.home / "class-archive-pending"

    def _wait_until_answering(self, pid: int | None, log_offset: int | None = None) -> bool:
        """Wait until the server is ready: the launcher has said so (when we started it) and the database answers."""
        # Bolt opens before the launcher has set the password and before the database is online; a check
        # that stops at the first Bolt handshake lets the first request after a restart meet a server
        # that is not ready yet.
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if pid is None or not _is_live_launcher(pid):
                raise Neo4jServerError(self._launcher_failure())
            if log_offset is not None and not self._launcher_said_ready(log_offset):
                time.sleep(0.5)
                continue
            try:
                self._query_the_database()
                return True
            except AuthError as error:
                raise Neo4jServerError(
                    f"Neo4j on {self.uri} refused the password from NEO4J_PASSWORD / var/neo4j_password "
                    f"({error.message}); restart it so the launcher sets the password again"
                ) from None
            except (ServiceUnavailable, SessionExpired, Neo4jError, OSError):
                time.sleep(0.5)
        return False

    def _query_the_database(self) -> None:
        """Run the trivial read on the configured database, once (not retried), on a connection of its own."""
        with GraphDatabase.driver(self.uri, auth=("neo4j", self.password), connection_timeout=2) as driver:
            with driver.session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session:
                session.run(queries.PING).consume()

    def _launcher_said_ready(self, log_offset: int) -> bool:
        with self.log_file.open("rb") as log:
            log.seek(log_offset)
            return b"liaison-neo4j ready" in log.read()

    def _launcher_failure(self) -> str:
        tail = self.log_file.read_text(errors="replace")[-4000:] if self.log_file.exists() else ""
        reasons = [line for line in tail.splitlines() if line.startswith("liaison-neo4j:")]
        reason = reasons[-1].removeprefix("liaison-neo4j:").strip() if reasons else "see the log"
        self.pid_file.unlink(missing_ok=True)
        return f"Neo4j exited during start-up: {reason} ({self.log_file})"


# A server still starting may not heed SIGTERM until it is up (a minute, seen on a busy machine): after its start
# failed, it gets this long to stop politely, then is killed (Neo4j recovers its store on the next start).
HALF_STARTED_STOP_SECONDS = 10.0


def _reap(pid: int, timeout: float) -> None:
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout=timeout)


def _is_live_launcher(pid: int) -> bool:
    """Whether pid is a running (not zombie) Liaison launcher; a reused pid is not ours."""
    child = _children.get(pid)
    if child is not None:
        # Our own child: poll() is exact (and reaps it), while /proc may lag behind the exec.
        if child.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return LAUNCHER_CLASS.encode() in cmdline and state != "Z"
