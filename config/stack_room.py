"""Room on Python's frame stack for each request, so that no call in it crosses from one stack chunk to the next.

CPython 3.11 keeps its frames in chunks of 16 KB and frees a chunk as soon as the call that opened it returns. A loop
that calls a function from just below a chunk's end therefore maps and unmaps memory at every call: a few
microseconds each, and where the boundary falls depends only on how deep the request's code happens to be. The same
50-officer counterpart answer took 16-37 ms in GraphQL depending on the depth it was asked at (CPython issue 142183;
3.13 and 3.14 keep a spare chunk instead; decision 0042).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

# Slots of a frame's value stack that `call_with_room` declares (8 bytes each). A frame that size does not fit a
# 16 KB chunk, so CPython gives it a chunk of its own of the next power of two (256 KB); what it does not use itself,
# about 120 KB, holds every frame the request goes on to push (traced over 1,000 pages and API answers of the memory
# bench, no request thread of the web process mapped a chunk besides the rooms).
ROOM_SLOTS = 16_384


def _call(function: Callable[..., Any], *arguments: Any) -> Any:
    return function(*arguments)


# The same function, declaring a value stack of ROOM_SLOTS; CPython never initialises that stack, so the room costs
# a mapping of 256 KB per call and the pages the request's own frames touch, as the chunks they would have taken did.
call_with_room: Callable[..., Any] = types.FunctionType(
    _call.__code__.replace(co_stacksize=ROOM_SLOTS, co_name="call_with_room", co_qualname="call_with_room"),
    {},
    "call_with_room",
)
call_with_room.__doc__ = "Call `function` with these arguments in a fresh stack chunk with room for deep calls."


class StackRoomMiddleware:
    """Run the rest of each request (every other middleware, the view) in a fresh stack chunk with room to spare."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return call_with_room(self.get_response, request)
