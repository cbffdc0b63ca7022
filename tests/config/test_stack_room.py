"""Each request runs in a stack chunk of its own, where a loop of calls maps no memory at whatever depth it runs."""

from __future__ import annotations

import resource
from itertools import repeat
from typing import Any

import pytest
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import path

from config.stack_room import ROOM_SLOTS, call_with_room

CALLS = 2_000
# How far below its caller the loop is tried: about 40 KB of frames, more than two of CPython's 16 KB chunks, so at
# least one depth puts the loop's calls just past a chunk's end.
DEPTHS = range(400)


def _nothing(value: object) -> object:
    return value


def _loop_of_calls() -> None:
    for value in repeat(None, CALLS):  # no new objects: only the calls' frames need memory
        _nothing(value)


def _loop_at(depth: int) -> None:
    if depth:
        _loop_at(depth - 1)
    else:
        _loop_of_calls()


def most_page_faults_of_a_loop() -> int:
    """The most page faults (new memory touched) one loop of 2,000 calls made, over every depth tried."""
    most = 0
    for depth in DEPTHS:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        _loop_at(depth)
        most = max(most, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return most


def loops_at_every_depth(request: HttpRequest) -> JsonResponse:
    """A view that measures its own loops, behind every middleware a request passes."""
    return JsonResponse({"faults": most_page_faults_of_a_loop()})


urlpatterns = [path("loops/", loops_at_every_depth)]


def test_without_room_a_loop_at_some_depth_maps_memory_at_every_call() -> None:
    # The interpreter's behaviour that the room works around (CPython 3.11 frees a chunk when the call that opened it
    # returns). Should this fail after an upgrade, the interpreter keeps a spare chunk and the room can go.
    assert most_page_faults_of_a_loop() >= CALLS


def test_with_room_no_loop_maps_memory_at_any_depth() -> None:
    assert call_with_room(most_page_faults_of_a_loop) < 100


def test_the_room_is_a_frame_too_big_for_a_chunk_of_its_own_size() -> None:
    # CPython's chunks are 16 KB; a frame that does not fit one gets a chunk of the next power of two to itself
    assert call_with_room.__code__.co_stacksize == ROOM_SLOTS
    assert ROOM_SLOTS * 8 > 16 * 1024
    assert call_with_room(divmod, 7, 2) == (3, 1)


@pytest.mark.django_db
def test_a_request_runs_its_view_with_room(settings: Any) -> None:
    # given a view that runs the loop at every depth below itself, behind Liaison's middleware
    settings.ROOT_URLCONF = __name__
    assert settings.MIDDLEWARE[0] == "config.stack_room.StackRoomMiddleware"
    # when it is asked for
    response = Client().get("/loops/")
    # then no depth made its loop map memory
    assert response.status_code == 200
    assert response.json()["faults"] < 100


def test_an_error_in_a_view_passes_through_the_room_as_it_was() -> None:
    def failing(_request: object) -> object:
        raise LookupError("raised by the view")

    with pytest.raises(LookupError, match="raised by the view"):
        call_with_room(failing, object())
