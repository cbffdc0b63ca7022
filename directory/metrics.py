"""Liaison's Prometheus metrics: the families the code records into, and those read from the database at scrape."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db.models import Min
from django.dispatch import receiver
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

from directory.models import JobRun, OutboxEvent

# Seconds: a page or a graph question is fast under 0.1 s, slow over 1 s, stuck near the limits (10 s, 60 s).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
PROJECTION_JOB = "graph_projection"

REQUEST_SECONDS = Histogram(
    "liaison_http_request_duration_seconds",
    "Time to answer a request, by view (the URL's name) and GraphQL operation (its root fields).",
    ["view", "operation"],
    buckets=LATENCY_BUCKETS,
)
RESPONSES = Counter(
    "liaison_http_responses",
    "Responses by view, method and status code.",
    ["view", "method", "status"],
)
GRAPH_QUESTION_SECONDS = Histogram(
    "liaison_neo4j_query_duration_seconds",
    "Time Neo4j took to answer a graph question (the query and reading its rows), by question and outcome.",
    ["question", "outcome"],
    buckets=LATENCY_BUCKETS,
)
SIGN_IN_FAILURES = Counter("liaison_sign_in_failures", "Failed sign-ins: wrong passwords and second-factor codes.")
SIGN_IN_LOCKOUTS = Counter("liaison_sign_in_lockouts", "Sign-ins refused because the account or address is locked.")


@receiver(user_login_failed, dispatch_uid="liaison_metrics_sign_in_failure")
def _count_sign_in_failure(**_: Any) -> None:
    # django-axes counts toward lock-outs on this same signal; a refused locked-out attempt sends it too.
    SIGN_IN_FAILURES.inc()


def count_lockout(**_: Any) -> None:
    """django-axes' user_locked_out receiver (connected in DirectoryConfig.ready)."""
    SIGN_IN_LOCKOUTS.inc()


class DatabaseCollector(Collector):
    """What the worker has left to do and how its jobs fared, read from the database at each scrape."""

    def collect(self) -> Iterator[Metric]:
        """The outbox's depth and oldest event's age (indexed queries), and every job's runs and failures."""
        pending = OutboxEvent.objects.filter(applied_at__isnull=True)
        summary = pending.aggregate(oldest=Min("created_at"))
        oldest = summary["oldest"]
        yield GaugeMetricFamily(
            "liaison_outbox_pending_events", "Outbox events not yet projected into Neo4j.", value=pending.count()
        )
        yield GaugeMetricFamily(
            "liaison_outbox_oldest_pending_seconds",
            "How long the oldest unprojected outbox event has waited (0 when none waits).",
            value=0.0 if oldest is None else (timezone.now() - oldest).total_seconds(),
        )
        runs = CounterMetricFamily(
            "liaison_worker_job_runs", "Runs of each periodic job of the worker.", labels=["job"]
        )
        failures = CounterMetricFamily(
            "liaison_worker_job_failures", "Failed runs of each periodic job of the worker.", labels=["job"]
        )
        projection_failures = 0
        for job in JobRun.objects.only("name", "runs", "failures"):
            runs.add_metric([job.name], job.runs)
            failures.add_metric([job.name], job.failures)
            if job.name == PROJECTION_JOB:
                projection_failures = job.failures
        yield runs
        yield failures
        yield CounterMetricFamily(
            "liaison_projection_failures",
            "Projection runs that left outbox events pending because Neo4j did not take them.",
            value=projection_failures,
        )


class _Together(Collector):
    """Several collectors as one."""

    def __init__(self, collectors: Iterable[Collector]) -> None:
        self.collectors = list(collectors)

    def collect(self) -> Iterator[Metric]:
        """Every collector's metrics in turn."""
        for collector in self.collectors:
            yield from collector.collect()


def scrape_registry() -> CollectorRegistry:
    """What one scrape reports: this process's metrics (or every web process's, under gunicorn) and the database's."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn's worker processes each write their own file; the scrape adds them up.
        multiprocess.MultiProcessCollector(registry)
        registry.register(DatabaseCollector())
    else:
        registry.register(_Together([REGISTRY, DatabaseCollector()]))
    return registry
