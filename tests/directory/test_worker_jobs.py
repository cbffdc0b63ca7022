"""The worker's periodic jobs: once per period however many workers, each run recorded, a failure kept apart."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from directory.models import JobRun
from directory.worker import JobsMisconfigured, periodic_jobs, run_due_jobs
from tests.directory import worker_jobs

pytestmark = pytest.mark.django_db

JOBS = [
    {"name": "count", "every_seconds": 3600, "function": "tests.directory.worker_jobs.count_a_run"},
    {"name": "broken", "every_seconds": 3600, "function": "tests.directory.worker_jobs.fail"},
]


@pytest.fixture(autouse=True)
def test_jobs_only() -> Iterator[None]:
    worker_jobs.calls.clear()
    with override_settings(LIAISON_PERIODIC_JOBS=JOBS):
        yield


def test_each_job_runs_once_per_period_whichever_worker_asks() -> None:
    # given two workers reading the same registry
    first, second = periodic_jobs(), periodic_jobs()
    # when both look for due jobs within the same period
    run_due_jobs(first)
    run_due_jobs(second)
    run_due_jobs(first)
    # then the job ran once
    assert worker_jobs.calls == ["counted"]


def test_each_run_is_recorded_with_its_result_or_its_error() -> None:
    outcomes = run_due_jobs(periodic_jobs())
    assert outcomes["count"] == 1
    assert "mail server refused" in str(outcomes["broken"])
    count, broken = JobRun.objects.get(name="count"), JobRun.objects.get(name="broken")
    assert (count.state, count.last_result, count.runs, count.failures) == ("ok", 1, 1, 0)
    assert (broken.state, broken.last_result, broken.failures) == ("failed", None, 1)
    assert broken.last_error == "RuntimeError: the mail server refused the connection"
    assert count.next_run_at > count.last_started_at


def test_a_job_made_due_again_runs_again() -> None:
    jobs = periodic_jobs()
    run_due_jobs(jobs)
    JobRun.objects.filter(name="count").update(next_run_at=JobRun.objects.get(name="count").last_started_at)
    run_due_jobs(jobs)
    assert worker_jobs.calls == ["counted", "counted"]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"every_seconds": 5, "function": "tests.directory.worker_jobs.fail"}, "unique 'name'"),
        ({"name": "x", "every_seconds": 0, "function": "tests.directory.worker_jobs.fail"}, "positive number"),
        ({"name": "x", "every_seconds": "5", "function": "tests.directory.worker_jobs.fail"}, "positive number"),
        ({"name": "x", "every_seconds": 5, "function": "no.such.module.job"}, "cannot be imported"),
    ],
)
def test_a_broken_registry_entry_stops_the_worker_at_start_naming_it(entry: dict, says: str) -> None:
    with override_settings(LIAISON_PERIODIC_JOBS=[entry]):
        with pytest.raises(JobsMisconfigured) as refused:
            periodic_jobs()
        assert "LIAISON_PERIODIC_JOBS[0]" in str(refused.value) and says in str(refused.value)
        with pytest.raises(CommandError):
            call_command("worker", "--once")


def test_two_jobs_of_the_same_name_are_refused() -> None:
    with pytest.raises(JobsMisconfigured, match=r"\[1\]"):
        periodic_jobs([JOBS[0], JOBS[0]])


def test_worker_once_runs_the_due_jobs_and_exits() -> None:
    call_command("worker", "--once")
    assert worker_jobs.calls == ["counted"]
    assert JobRun.objects.get(name="count").runs == 1


def test_a_worker_run_from_other_code_leaves_its_signal_handling_as_it_was() -> None:
    # given the worker run inside this process, as a script or a test runs it
    before = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    call_command("worker", "--once")
    # when this process then starts a program (Neo4j, say) and asks it to stop
    program = subprocess.Popen(["sleep", "60"])
    program.send_signal(signal.SIGTERM)
    # then it stops at once: it did not inherit an ignored SIGTERM (the suite's Neo4j once took 60 s to be killed)
    assert program.wait(timeout=10) == -signal.SIGTERM
    # and this process handles both as before (CI runs the suite in the background, where SIGINT starts ignored)
    assert {number: signal.getsignal(number) for number in before} == before
