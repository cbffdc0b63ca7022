"""The servers a benchmark starts on loopback: Liaison under gunicorn (its production server) and the GraphQL peer."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = ROOT / "bench" / "peers" / "neo4j-graphql"


def liaison_in_process(env: dict[str, str], *, query_timeout: bool = False) -> None:
    """Set Django up in this process for a served Liaison: migrated, its static files collected, limits lifted."""
    env.update(
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # One user or token asks everything: the per-user limits would otherwise throttle the benchmark itself.
        LIAISON_GRAPHQL_RATE_LIMIT="1000000/m",
        # A slow answer under many clients is what is measured; the 2 s read deadline would make it an error.
        NEO4J_READ_DEADLINE="60",
    )
    if query_timeout:
        # A cold server's first counterpart question at 100,000 officers outlasts the 10 s query timeout.
        env["NEO4J_QUERY_TIMEOUT"] = "60"
    os.environ.update(env)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    # The static files, as a production server serves them (WhiteNoise indexes them in every web process).
    call_command("collectstatic", "--noinput", verbosity=0)


def free_port() -> int:
    """A loopback port nothing listens on now, chosen by the system."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], patience: float = 120.0) -> None:
    """Wait until `url` answers at all (any status); exit if the process ends or the patience runs out."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url}: the server stopped before answering (exit {process.returncode})")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.25)
    stop(process)
    sys.exit(f"{url}: no answer within {patience:.0f} s")


def start_liaison(
    env: dict[str, str], port: int, workers: int | None = None, threads: int | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn with config/gunicorn.py on 127.0.0.1:port, in a process group of its own; waits until it answers."""
    environment = {**env, "LIAISON_BIND": f"127.0.0.1:{port}"}
    if workers:
        environment["LIAISON_WEB_WORKERS"] = str(workers)
    if threads:
        environment["LIAISON_WEB_THREADS"] = str(threads)
    # Its request log (a JSON line per request) goes to a file beside the bench's data, not between the figures.
    log = open(Path(env["LIAISON_VAR_DIR"]) / "gunicorn.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    wait_until_answering(f"http://127.0.0.1:{port}/healthz", process)
    return process


def tool(name: str) -> str:
    """The full path of a program the peer needs (Node.js, npm), or exit saying it is missing."""
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} is needed for the @neo4j/graphql peer (Node.js 20 or later)")
    return path


def install_peer() -> None:
    """The peer's packages from its package-lock.json (npm's registry), once and whenever the lock changed."""
    marker = PEER_DIR / "node_modules" / ".package-lock.json"
    lock = PEER_DIR / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run([tool("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER_DIR, check=True)


def start_peer(env: dict[str, str], port: int, counterparts_file: Path) -> subprocess.Popen[bytes]:
    """The @neo4j/graphql peer on 127.0.0.1:port over the same Neo4j; waits until it answers."""
    install_peer()
    environment = {**env, "PEER_PORT": str(port), "PEER_COUNTERPARTS": str(counterparts_file)}
    process = subprocess.Popen([tool("node"), "server.mjs"], cwd=PEER_DIR, env=environment, start_new_session=True)
    wait_until_answering(f"http://127.0.0.1:{port}/", process)
    return process


def stop(process: subprocess.Popen[bytes], patience: float = 15.0) -> None:
    """Stop a server's process group: SIGINT (gunicorn's quick stop), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
