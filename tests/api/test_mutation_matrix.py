"""Every mutation against every kind of caller: who may, who may not, and nothing written when refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from directory.models import ChangeLog, Coverage, OutboxEvent
from tests.factories import SmallWorld

# Mutations need no graph here: plain transactions, rolled back after each test, keep this quick.
pytestmark = pytest.mark.django_db

RESULT = "{ __typename ... on OperationInfo { messages { kind field message } } }"


def mutations(world: SmallWorld) -> dict[str, tuple[str, dict]]:
    """Each mutation with arguments that an allowed caller can carry out on the small world."""
    coverage = Coverage.objects.get()
    return {
        "createOfficer": (
            'mutation($a: ID!) { createOfficer(input: {nameNative: "Нурлан Ахметов", nameLatin: "Nurlan Akhmetov", '
            'agency: $a, languages: ["ru"], expertise: [{topic: "crypto-laundering", level: 2}]}) ' + RESULT + " }",
            {"a": str(world.kz_police.uuid)},
        ),
        "updateOfficer": (
            'mutation($o: ID!) { updateOfficer(officer: $o, changes: {rank: "Major"}) ' + RESULT + " }",
            {"o": str(world.bakyt.uuid)},
        ),
        "verifyOfficer": (
            "mutation($o: ID!) { verifyOfficer(officer: $o) " + RESULT + " }",
            {"o": str(world.bakyt.uuid)},
        ),
        "confirmOfficerCurrent": (
            "mutation($o: ID!) { confirmOfficerCurrent(officer: $o) " + RESULT + " }",
            {"o": str(world.bakyt.uuid)},
        ),
        "mergeOfficers": (
            "mutation($k: ID!, $d: ID!) { mergeOfficers(keep: $k, duplicate: $d) " + RESULT + " }",
            {"k": str(world.bakyt.uuid), "d": str(world.asel.uuid)},
        ),
        "eraseOfficer": (
            "mutation($o: ID!) { eraseOfficer(officer: $o) " + RESULT + " }",
            {"o": str(world.bakyt.uuid)},
        ),
        "recordAcquaintance": (
            "mutation($o: ID!, $p: ID!) { recordAcquaintance(officer: $o, other: $p) " + RESULT + " }",
            {"o": str(world.bakyt.uuid), "p": str(world.dilnoza.uuid)},
        ),
        "removeAcquaintance": (
            "mutation($o: ID!, $p: ID!) { removeAcquaintance(officer: $o, other: $p) " + RESULT + " }",
            {"o": str(world.asel.uuid), "p": str(world.bakyt.uuid)},
        ),
        "createAgency": (
            'mutation { createAgency(country: "KZ", nameEn: "Anti-Corruption Agency", kind: OTHER) ' + RESULT + " }",
            {},
        ),
        "updateAgency": (
            'mutation($a: ID!) { updateAgency(agency: $a, nameRu: "МВД РК") ' + RESULT + " }",
            {"a": str(world.kz_police.uuid)},
        ),
        "createOrganisation": (
            'mutation { createOrganisation(nameEn: "Partner Academy", kind: NGO) ' + RESULT + " }",
            {},
        ),
        "updateOrganisation": (
            'mutation($o: ID!) { updateOrganisation(organisation: $o, website: "https://example.org") ' + RESULT + " }",
            {"o": str(world.partner.uuid)},
        ),
        "createEvent": (
            'mutation($c: ID!) { createEvent(title: "Follow-up workshop", city: $c, startsOn: "2018-03-01", '
            'endsOn: "2018-03-02") ' + RESULT + " }",
            {"c": str(world.workshop.city.uuid)},
        ),
        "updateEvent": (
            'mutation($e: ID!) { updateEvent(event: $e, title: "Crypto (revised)") ' + RESULT + " }",
            {"e": str(world.workshop.uuid)},
        ),
        "recordParticipation": (
            "mutation($o: ID!, $e: ID!) { recordParticipation(officer: $o, event: $e, rating: VERY_GOOD) "
            + RESULT
            + " }",
            {"o": str(world.bakyt.uuid), "e": str(world.workshop.uuid)},
        ),
        "recordCoverage": (
            'mutation($o: ID!, $t: ID!) { recordCoverage(organisation: $o, country: "KZ", topic: $t) ' + RESULT + " }",
            {"o": str(world.partner.uuid), "t": str(world.crypto.uuid)},
        ),
        "removeCoverage": (
            "mutation($c: ID!) { removeCoverage(coverage: $c) " + RESULT + " }",
            {"c": str(coverage.uuid)},
        ),
    }


# Who may carry out each mutation on the small world (everything else must be refused).
STAFF_MAY = {
    "createOrganisation",
    "updateOrganisation",
    "createEvent",
    "updateEvent",
    "recordCoverage",
    "removeCoverage",
}
STEWARD_KZ_MAY = {
    "createOfficer",
    "updateOfficer",
    "verifyOfficer",
    "confirmOfficerCurrent",
    "eraseOfficer",
    "createAgency",
    "updateAgency",
    "recordParticipation",
    "recordCoverage",
}  # not recordAcquaintance (Bakyt, Kazakh, with Dilnoza, Uzbek) nor removeAcquaintance (with Asel, Kyrgyz)
ALLOWED: dict[str, set[str]] = {
    "anonymous": set(),
    "unverified": set(),
    "verified": {"removeAcquaintance"},  # Asel removing her own acquaintance with Bakyt
    "staff": STAFF_MAY,
    "steward_kz": STEWARD_KZ_MAY,
    "steward_uz": {"createEvent", "updateEvent", "removeCoverage"},  # Tashkent, the workshop, the coverage: UZ
    "token:read": set(),
    "token:expired": set(),
    "token:revoked": set(),
}


def caller(as_user: Callable, as_token: Callable, who: str) -> Callable:
    if who == "anonymous":
        return as_user(None)
    if who.startswith("token:"):
        return as_token(who.removeprefix("token:"))
    return as_user(who)


MUTATION_NAMES = [
    "createOfficer",
    "updateOfficer",
    "verifyOfficer",
    "confirmOfficerCurrent",
    "mergeOfficers",
    "eraseOfficer",
    "recordAcquaintance",
    "removeAcquaintance",
    "createAgency",
    "updateAgency",
    "createOrganisation",
    "updateOrganisation",
    "createEvent",
    "updateEvent",
    "recordParticipation",
    "recordCoverage",
    "removeCoverage",
]


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_refused_callers_write_nothing(as_user, as_token, world: SmallWorld, people, tokens, who: str) -> None:
    call = caller(as_user, as_token, who)
    for name in MUTATION_NAMES:
        if name in ALLOWED[who]:
            continue
        query, variables = mutations(world)[name]
        before = (OutboxEvent.objects.count(), ChangeLog.objects.count())
        answer = call(query, variables)
        if answer.get("data") is None:
            assert "Authentication required" in answer["errors"][0]["message"], (who, name, answer)
        else:
            result = answer["data"][name]
            assert result["__typename"] == "OperationInfo", (who, name, result)
            message = result["messages"][0]
            # An officer the caller may not see is not found, rather than revealed by a refusal.
            refused = message["kind"] == "PERMISSION" or message["message"].startswith("No officer")
            assert refused, (who, name, result)
        assert (OutboxEvent.objects.count(), ChangeLog.objects.count()) == before, (who, name)


@pytest.mark.parametrize("name", MUTATION_NAMES)
@pytest.mark.parametrize("who", ["admin", "token:write"])
def test_administrators_and_write_tokens_may_carry_out_each_mutation(
    as_user, as_token, world: SmallWorld, people, tokens, who: str, name: str
) -> None:
    query, variables = mutations(world)[name]
    before = ChangeLog.objects.count()
    result = caller(as_user, as_token, who)(query, variables)["data"][name]
    assert result["__typename"] != "OperationInfo", result
    assert ChangeLog.objects.count() > before
    if who == "token:write":
        assert ChangeLog.objects.order_by("-id").first().actor_username == "integration"


@pytest.mark.parametrize("name", sorted(STEWARD_KZ_MAY))
def test_a_steward_may_change_their_own_countrys_records(as_user, world: SmallWorld, people, name: str) -> None:
    query, variables = mutations(world)[name]
    result = as_user("steward_kz")(query, variables)["data"][name]
    assert result["__typename"] != "OperationInfo", result
