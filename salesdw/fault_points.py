"""Named points where fault tests kill a build (kill -9): SALESDW_PAUSE_AT=<point> makes the
build print 'paused at <point>' and wait there. Never set outside tests."""

from __future__ import annotations

import os
import time

PAUSE_SECONDS = 600


def pause_for_fault_tests(point: str) -> None:
    """Wait at `point` when SALESDW_PAUSE_AT names it (the test kills the process meanwhile)."""
    if os.environ.get("SALESDW_PAUSE_AT") == point:
        print(f"paused at {point}", flush=True)
        time.sleep(PAUSE_SECONDS)
