"""A benchmark's goals as one JSON line at the end of its output, which `make bench` gathers into one table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

# The marker that starts the line: make bench (bench/run_all.py) reads the last line that begins with it.
MARKER = "BENCH-GOALS "


@dataclass(frozen=True)
class Goal:
    """One goal and what was measured: `at_most` goals are met at or below the target, `at_least` at or above."""

    goal: str
    measured: float
    target: float
    unit: str
    direction: Literal["at_most", "at_least"] = "at_most"

    @property
    def ratio(self) -> float:
        """Measured over target: at most 1 meets an `at_most` goal, at least 1 an `at_least` one."""
        return self.measured / self.target if self.target else float("nan")

    @property
    def met(self) -> bool:
        """Whether the measured figure meets the goal."""
        return self.measured <= self.target if self.direction == "at_most" else self.measured >= self.target

    def as_dict(self) -> dict[str, object]:
        """The goal with its ratio and verdict, for the JSON line."""
        return {**asdict(self), "ratio": round(self.ratio, 3), "met": self.met}


def print_goals(benchmark: str, goals: list[Goal], figures: dict[str, object] | None = None) -> None:
    """Print the benchmark's goals (and any other figures) as the last line of its output."""
    line = {"benchmark": benchmark, "goals": [goal.as_dict() for goal in goals], "figures": figures or {}}
    print(MARKER + json.dumps(line, ensure_ascii=False), flush=True)
