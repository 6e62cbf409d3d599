"""How a service process's garbage collector is set up for serving.

Two settings, both made once start-up is done:

- Everything imported and built before serving (modules, routes, settings, pools) lives as
  long as the process. ``gc.freeze`` moves it to a permanent generation the collector no
  longer walks; in the gateway benchmark that cut full collections from ~30 ms pauses to ~1 ms.
- CPython collects its youngest generation after every 700 net allocations of container
  objects. An import batch keeps hundreds of thousands alive for a while (parsed rows,
  models, row dicts), so at 700 the collector walks them again and again and promotes them
  towards full collections. A registry import of 100,000 companies spent half its CPU in the
  collector: 36.6 s of CPU (54.7 s wall) at 700, 21.1 s (36.3 s) at 10,000, 17.4 s with the
  collector off (docs/performance-registry.md). The older generations keep CPython's ratios.
"""

from __future__ import annotations

import gc

# net container allocations between collections of the youngest generation (CPython: 700)
YOUNG_GENERATION_THRESHOLD = 10_000


def settle() -> None:
    """Call once start-up is done, just before serving."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)
