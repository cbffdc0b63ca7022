"""Benchmark: the db hits and time of each graph question about an isolated officer and a linked one (PROFILE).

Uses the generated directory of bench/graph_rebuild.py (var/bench/, its own Neo4j; BENCH_NEO4J_PORT to move it):

    .venv/bin/python bench/graph_rebuild.py --officers 20000 --seed 1     # once: generate and project
    .venv/bin/python bench/isolated_officer.py --officers 20000 --seed 1

Adds, once, an officer who knows no one and attended nothing, and a topic nobody works on, through the services;
then profiles the profile page's introductions (to and from them), the network page at both depths, counterparts
for a busy topic and for nobody's topic, coverage and the coverage gaps of nobody's topic. Prints db hits and the
median seconds of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, generated_database

ISOLATED_NAME = "Isolated Bench Officer"
NOBODYS_TOPIC = "bench-nobodys-topic"


def main() -> None:
    """Profile every question for both officers and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    database = generated_database(options.officers, options.seed)
    os.environ.update({**bench_environment(database), "LIAISON_NEO4J_HEAP": "2g", "LIAISON_NEO4J_PAGECACHE_MB": "768"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from answers.ranking import current_ranking
    from directory.models import Agency, Officer, Participation, Topic
    from directory.services.officers import create_officer
    from directory.services.topics import create_topic
    from graph.driver import get_driver
    from graph.profiling import profile
    from graph.projector import project_pending
    from graph.queries import questions as cypher
    from graph.questions import counterpart_parameters
    from graph.server import LocalServer

    print(LocalServer.from_settings().start())
    isolated = Officer.objects.filter(name_latin=ISOLATED_NAME).first() or create_officer(
        name_native="Одинокий Офицер",
        name_latin=ISOLATED_NAME,
        agency=Agency.objects.order_by("id")[0],
        languages=["ru"],
    )
    nobodys = Topic.objects.filter(slug=NOBODYS_TOPIC).first() or create_topic(
        slug=NOBODYS_TOPIC, name_en="A topic nobody works on"
    )
    project_pending()
    attended = Participation.objects.order_by("id").values_list("officer__uuid", flat=True)[:50]
    viewer, linked = [str(uuid) for uuid in dict.fromkeys(attended)][:2]  # two officers, each with an event
    busy = str(Topic.objects.get(slug="cybercrime").uuid)
    ranking = current_ranking()

    def counterparts(officer: str, topic: str) -> dict[str, object]:
        return counterpart_parameters(ranking=ranking, topic=topic, officer=officer)

    driver = get_driver()
    nobody = str(nobodys.uuid)
    for name, target in (("isolated", str(isolated.uuid)), ("linked", linked)):
        to_them = {"from_officer": viewer, "to_officer": target, "max_hops": 4, "limit": 5}
        from_them = {**to_them, "from_officer": target, "to_officer": viewer}
        asked: list[tuple[str, str, dict[str, object]]] = [
            ("introductions to them", cypher.INTRODUCTION_PATHS, to_them),
            ("introductions from them", cypher.INTRODUCTION_PATHS, from_them),
            ("network, depth 1", cypher.NEIGHBOURHOOD["officer"], {"uuid": target, "depth": 1, "max_paths": 200}),
            ("network, depth 2", cypher.NEIGHBOURHOOD["officer"], {"uuid": target, "depth": 2, "max_paths": 200}),
            ("counterparts, cybercrime", cypher.COUNTERPARTS, counterparts(target, busy)),
            ("counterparts, nobody's topic", cypher.COUNTERPARTS, counterparts(target, nobody)),
        ]  # fmt: skip
        for question, query, parameters in asked:
            report(name, question, [profile(driver, query, **parameters) for _ in range(options.repeat)])
    for question, query, parameters in (
        ("coverage, nobody's topic", cypher.COVERAGE, {"countries": None, "topic": nobody}),
        ("coverage gaps, nobody's topic", cypher.COVERAGE_GAPS, {"countries": None, "topics": [nobody]}),
    ):
        report("-", question, [profile(driver, query, **parameters) for _ in range(options.repeat)])


def report(officer: str, question: str, runs: list[Any]) -> None:
    """One line: the db hits and rows of the first run, the median seconds of all."""
    seconds = statistics.median(run.seconds for run in runs)
    print(f"{officer:8} {question:30} {runs[0].db_hits:>10,} db hits {runs[0].rows:>4} rows {seconds:6.3f} s")


if __name__ == "__main__":
    main()
