"""A web process has at most NEO4J_READ_THREADS graph reads under way on Neo4j; the others wait their turn and are
answered, not refused."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings

from graph import reads
from graph.deadline import calls_under_way
from graph.driver import get_driver
from graph.server import LocalServer
from tests.processes import frozen, wait_for

pytestmark = [pytest.mark.restarts_neo4j]

# Longer than the test can take: a read is answered or the test fails, never timed out.
PATIENT_DEADLINE = 60


def test_reads_beyond_the_pool_wait_for_neo4j_and_are_answered(server: LocalServer) -> None:
    share = settings.NEO4J_READ_THREADS
    driver = get_driver()
    assert reads.guarded_read(driver, "RETURN 1 AS one")[0]["one"] == 1
    pool = reads._read_pool()
    answers: list[int] = []
    failures: list[BaseException] = []

    def ask(number: int) -> None:
        try:
            (record,) = pool.run(PATIENT_DEADLINE, reads.read_records, driver, "RETURN $n AS n", {"n": number})
            answers.append(record["n"])
        except BaseException as error:
            failures.append(error)

    askers = [threading.Thread(target=ask, args=(number,)) for number in range(share + 1)]
    with frozen(server):
        # given Neo4j answers nothing, when one read more than the pool's size is asked at once
        for asker in askers:
            asker.start()
        # then only the pool's size are under way on Neo4j; the last waits its turn
        wait_for(lambda: calls_under_way() == share, f"{share} reads under way")
        time.sleep(0.5)
        assert calls_under_way() == share
        assert answers == [] and failures == []
    # and once Neo4j goes on, every read is answered, the one that waited included
    for asker in askers:
        asker.join(PATIENT_DEADLINE)
    assert failures == []
    assert sorted(answers) == list(range(share + 1))
    assert calls_under_way() == 0
