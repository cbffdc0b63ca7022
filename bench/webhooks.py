"""How fast the worker publishes changes and delivers webhooks: N officer changes, two endpoints on loopback.

    .venv/bin/python bench/webhooks.py --officers 2000

Uses its own SQLite database under var/bench/ (created afresh) and no Neo4j (projection is off).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench" / "webhooks.sqlite3"


def _receiver() -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=2000)
    arguments = parser.parse_args()
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{DATABASE}",
        LIAISON_PROJECT_ON_COMMIT="0",
        LIAISON_WEBHOOK_ALLOW_LOOPBACK="1",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import ChangeEvent, WebhookDelivery
    from directory.services import geography, institutions, officers
    from directory.services.webhooks import publish_changes, register_webhook_endpoint
    from directory.webhooks.delivery import deliver_due

    call_command("migrate", verbosity=0)
    geography.create_country(code="KG", name_en="Kyrgyzstan")
    agency = institutions.create_agency(country_code="KG", name_en="Ministry of Internal Affairs", kind="interior")
    publish_changes()
    server = _receiver()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    register_webhook_endpoint(name="first", url=url)
    register_webhook_endpoint(name="second", url=url, event_types=["officer.created"])

    write_times = []
    for number in range(arguments.officers):
        started = time.perf_counter()
        officers.create_officer(name_native=f"Офицер {number}", name_latin=f"Officer {number}", agency=agency)
        write_times.append(time.perf_counter() - started)

    started = time.perf_counter()
    published = 0
    while batch := publish_changes():
        published += batch
    publish_seconds = time.perf_counter() - started

    started = time.perf_counter()
    delivered = 0
    while batch := deliver_due(limit=500):
        delivered += batch
    deliver_seconds = time.perf_counter() - started
    server.shutdown()

    assert published == ChangeEvent.objects.filter(aggregate="officer").count() == arguments.officers
    assert WebhookDelivery.objects.filter(status="delivered").count() == delivered == 2 * arguments.officers
    quantiles = statistics.quantiles(write_times, n=100)
    p50, p95 = quantiles[49] * 1000, quantiles[94] * 1000
    print(f"officers created: {arguments.officers} (write p50 {p50:.1f} ms, p95 {p95:.1f} ms)")
    print(f"published: {published} changes in {publish_seconds:.2f} s = {published / publish_seconds:,.0f} changes/s")
    print(
        f"delivered: {delivered} webhooks in {deliver_seconds:.2f} s = {delivered / deliver_seconds:,.0f} deliveries/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
