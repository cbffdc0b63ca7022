"""Which part of a neighbourhood the network page shows: the kinds chosen, nearest first, up to the bound."""

from __future__ import annotations

from answers.questions import Link, Node
from frontend.views.network_selection import select

# A small neighbourhood: an officer at the centre, their agency and event, two colleagues met at the event, and
# the agency's country two steps away.
NODES = [
    Node("me", "Officer", "Me"),
    Node("agency", "Agency", "Ministry"),
    Node("event", "Event", "Drugs@Online"),
    Node("ann", "Officer", "Ann"),
    Node("bob", "Officer", "Bob"),
    Node("country", "Country", "Kyrgyzstan"),
]
LINKS = [
    Link("me", "agency", "WORKS_AT"),
    Link("me", "event", "ATTENDED"),
    Link("ann", "event", "ATTENDED"),
    Link("bob", "event", "ATTENDED"),
    Link("agency", "country", "IN_COUNTRY"),
]
EVERY_KIND = {"Officer", "Agency", "Event", "Country"}
EVERY_LINK = {"WORKS_AT", "ATTENDED", "IN_COUNTRY"}


def _order(node: Node) -> tuple[object, ...]:
    return (node.name,)


def test_the_bound_keeps_the_nearest_and_counts_the_rest() -> None:
    chosen = select("me", NODES, LINKS, kinds=EVERY_KIND, link_types=EVERY_LINK, bound=4, order=_order)
    assert [node.id for node in chosen.nodes] == ["me", "event", "agency", "ann"]
    assert chosen.steps == {"me": 0, "event": 1, "agency": 1, "ann": 2}
    assert chosen.left_out == 2
    # Only links between records shown: Bob and the country are gone, and so are their links.
    assert {(link.source, link.target) for link in chosen.links} == {
        ("me", "agency"),
        ("me", "event"),
        ("ann", "event"),
    }


def test_a_kind_left_out_takes_what_hangs_on_it_along() -> None:
    # Without events, the colleagues met at one are no longer linked to the centre: they are not drawn floating.
    chosen = select(
        "me", NODES, LINKS, kinds={"Officer", "Agency", "Country"}, link_types=EVERY_LINK, bound=60, order=_order
    )
    assert {node.id for node in chosen.nodes} == {"me", "agency", "country"}
    assert chosen.left_out == 0


def test_a_link_type_left_out_and_a_centre_without_links() -> None:
    chosen = select("me", NODES, LINKS, kinds=EVERY_KIND, link_types={"WORKS_AT"}, bound=60, order=_order)
    assert [node.id for node in chosen.nodes] == ["me", "agency"]
    alone = select("me", NODES, [], kinds=EVERY_KIND, link_types=EVERY_LINK, bound=60, order=_order)
    assert [node.id for node in alone.nodes] == ["me"] and alone.links == []
