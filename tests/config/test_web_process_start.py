"""A web process loads every page and the API before its first request, and keeps them out of garbage collection."""

from __future__ import annotations

import json

from tests.shell import run_python

# What gunicorn's post_worker_init runs in a new web process (config/gunicorn.py), in a fresh interpreter.
START = """
import gc, json, sys
import config.wsgi
served = ("api.schema", "frontend.urls", "api.views")
loaded_before = sorted(name for name in served if name in sys.modules)
kept = config.wsgi.load_before_serving()
print(json.dumps({
    "loaded_before": loaded_before,
    "loaded_after": sorted(name for name in served if name in sys.modules),
    "kept": kept,
    "left_to_collect": len(gc.get_objects()),
}))
"""


def test_a_new_web_process_loads_the_pages_and_the_api_then_leaves_them_out_of_garbage_collection() -> None:
    result = run_python(START)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    # Django alone would import these at the first request a user makes
    assert state["loaded_before"] == []
    assert state["loaded_after"] == ["api.schema", "api.views", "frontend.urls"]
    # and a full collection no longer walks what was loaded: almost nothing is left for it
    assert state["kept"] > 50_000
    assert state["left_to_collect"] < state["kept"] / 100
    # and the process says it is ready, in a JSON line of the log as an operator's tools read it
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    ready = [line for line in lines if line["message"] == "web process ready"]
    assert len(ready) == 1 and ready[0]["objects_kept"] == state["kept"] and ready[0]["level"] == "INFO"
