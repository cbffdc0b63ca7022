"""A web process's quick stop (config/gunicorn.py): Ctrl-C and the master's SIGQUIT that follows are one stop."""

from __future__ import annotations

import importlib.util
import signal
import sys
import threading
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.shell import ROOT

QUICK_STOPS = (signal.SIGINT, signal.SIGQUIT)


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, metrics: Path) -> ModuleType:
    """config/gunicorn.py as gunicorn loads it; the metrics folder it names is the test's, and forgotten after."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics))
    spec = importlib.util.spec_from_file_location("liaison_gunicorn_settings", ROOT / "config" / "gunicorn.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ctrl_c_and_the_masters_sigquit_arriving_together_stop_once_and_print_no_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given a web process's signal handlers as gunicorn sets them up, and a record of what reaches stderr unraised
    stops: list[int] = []
    worker = SimpleNamespace(handle_quit=lambda number, frame: stops.append(number))
    unraised: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraised.append)
    before = {number: signal.getsignal(number) for number in QUICK_STOPS}
    # (what the hook loads next is a new process's, tests/config/test_web_process_start.py: not this suite's to freeze)
    monkeypatch.setitem(sys.modules, "config.wsgi", SimpleNamespace(load_before_serving=lambda: 0))
    try:
        gunicorn_settings(monkeypatch, tmp_path).post_worker_init(worker)
        # when Ctrl-C (SIGINT to the group) and the master's SIGQUIT both arrive before Python handles either (sent
        # to this thread, which blocks them: sent to the process, each may go to any other thread of the suite, and
        # one that waits for a core runs its signal's C handler late, after the other signal was handled)
        signal.pthread_sigmask(signal.SIG_BLOCK, QUICK_STOPS)
        for number in QUICK_STOPS:
            signal.pthread_kill(threading.get_ident(), number)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, QUICK_STOPS)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
    # then the process stops once, and no "Signal 3 ignored due to race condition" error is printed
    assert stops == [signal.SIGINT]
    assert [getattr(error, "exc_value", error) for error in unraised] == []
