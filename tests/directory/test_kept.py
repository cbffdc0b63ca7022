"""What a process keeps: found again by key, the least recently used let go first past the bound."""

from __future__ import annotations

import threading

from directory.kept import Kept


def test_the_least_recently_used_goes_first_and_none_is_kept_as_an_answer() -> None:
    # given room for two, holding a value and "nothing to keep" (None)
    kept: Kept[str | None] = Kept(2)
    kept.keep("a", "first")
    kept.keep("b", None)

    # when the first is found again, then a third is kept
    assert kept.find("a") == (True, "first")
    kept.keep("c", "third")

    # then the one not used since goes; None is found as kept, an unknown key as not kept
    assert kept.find("b") == (False, None)
    assert kept.find("a") == (True, "first") and kept.find("c") == (True, "third")
    assert len(kept) == 2
    kept.keep("d", None)
    assert kept.find("d") == (True, None) and kept.find("a") == (False, None)


def test_threads_keeping_and_finding_at_once_never_pass_the_bound() -> None:
    # given room for 8 and 4 threads each keeping and finding 500 keys of their own
    kept: Kept[int] = Kept(8)
    missing: list[tuple[int, int]] = []

    def work(thread: int) -> None:
        for number in range(500):
            kept.keep((thread, number), number)
            found, value = kept.find((thread, number))
            if found and value != number:
                missing.append((thread, number))

    threads = [threading.Thread(target=work, args=(thread,)) for thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then no key ever gave another's value, and no more than 8 are kept
    assert missing == [] and len(kept) == 8
