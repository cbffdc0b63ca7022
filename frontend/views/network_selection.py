"""Which part of a neighbourhood the network page shows: the kinds chosen, nearest first, up to a bound."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from answers.questions import Link, Node

# The records a network page shows at first, how many more each "show more" adds, and the most it ever shows
# however the address is written (the graph's own answer is bounded too: answers.questions.neighbourhood).
NODE_BOUND = 60
NODE_BOUND_STEP = 60
NODE_BOUND_MAX = 240


@dataclass(frozen=True)
class Selection:
    """The records and links shown, each record's steps from the centre, and how many the bound left out."""

    nodes: list[Node]
    links: list[Link]
    steps: dict[str, int]
    left_out: int


def _steps_from(centre: str, links: Iterable[Link]) -> dict[str, int]:
    """Each record's distance from the centre in links, either way round."""
    around: dict[str, set[str]] = defaultdict(set)
    for link in links:
        around[link.source].add(link.target)
        around[link.target].add(link.source)
    steps, queue = {centre: 0}, deque([centre])
    while queue:
        here = queue.popleft()
        for there in sorted(around[here]):
            if there not in steps:
                steps[there] = steps[here] + 1
                queue.append(there)
    return steps


def select(
    centre: str,
    nodes: list[Node],
    links: list[Link],
    *,
    kinds: set[str],
    link_types: set[str],
    bound: int,
    order: Callable[[Node], tuple[object, ...]],
) -> Selection:
    """The records of the chosen kinds joined to the centre by links of the chosen types, the `bound` nearest."""
    by_id = {node.id: node for node in nodes}
    allowed = {node.id for node in nodes if node.id == centre or node.kind in kinds}
    usable = [link for link in links if link.type in link_types and link.source in allowed and link.target in allowed]
    # Nearest first: every record kept then has its way to the centre kept too, so nothing floats unattached.
    steps = _steps_from(centre, usable)
    reachable = sorted(
        (by_id[node_id] for node_id in steps if node_id in by_id), key=lambda node: (steps[node.id], *order(node))
    )
    kept = reachable[:bound]
    shown = {node.id for node in kept}
    return Selection(
        nodes=kept,
        links=[link for link in usable if link.source in shown and link.target in shown],
        steps={node_id: steps[node_id] for node_id in shown},
        left_out=len(reachable) - len(kept),
    )
