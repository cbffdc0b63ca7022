"""`make bench` reads each benchmark's goals from what it prints: the right figures, under the right names."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]

# What bench/graph_rebuild.py printed at 100,000 officers (2026-12-06): the online rebuild first, in the same words.
REBUILD_OUTPUT = """=== bench/graph_rebuild.py --officers 100000 --seed 1 --batch-size 20000
online: rebuilt: 104574 nodes in 7.6 s and 834313 relationships in 23.5 s (13,832 nodes/s, 35,545 relationships/s); \
names indexed in 3.2 s (wall clock with process start: 67.7 s)
offline: rebuilt offline: 104574 nodes in 1.7 s and 834313 relationships in 4.1 s (62,202 nodes/s, 203,237 \
relationships/s; files written and imported); importer 7.2 s in all, Neo4j down 5.5 s, indexes 6.5 s
"""


def run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("liaison_bench_run_all", ROOT / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_rebuild_goal_is_read_from_the_offline_rebuild() -> None:
    # when make bench reads graph_rebuild's output, which gives the online rebuild's rates first
    goals = run_all().rebuild_goals(REBUILD_OUTPUT)
    # then the goal's rows carry the offline rebuild's rates, which the goal is about, and say so
    assert [(goal.goal, goal.measured) for goal in goals] == [
        ("graph rebuild offline: nodes per second", 62_202),
        ("graph rebuild offline: relationships per second", 203_237),
    ]
    assert all(goal.met for goal in goals)


def test_a_rebuild_run_online_only_states_no_goal() -> None:
    online_only = "\n".join(line for line in REBUILD_OUTPUT.splitlines() if not line.startswith("offline:"))
    assert run_all().rebuild_goals(online_only) == []
