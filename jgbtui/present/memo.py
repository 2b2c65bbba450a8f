"""Remember each series' anomaly scan and signal for as long as its input frames live.

A view is rebuilt when any source brings new data, but most frames are then the very same
objects as last time (a refresh that brought the same bytes keeps its frames). The scans of
those frames are recalled instead of run again, so a rebuild after one source changed costs
only that source's scans. Entries hold weak references: a frame that is replaced and dropped
takes its entries with it on the next lookup, and nothing keeps an old frame alive.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")

_FRAMES = (pd.DataFrame, pd.Series)


class PartMemo:
    """``memo(name, inputs, compute)``: ``compute()``, or its result for the same inputs.

    Frames among ``inputs`` are compared by identity; everything else (configs, ``None``) by
    value. Thread-safe: views are built in worker threads.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, ...], tuple[list[weakref.ref[Any]], object]]
        self._entries = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __call__(self, name: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """Recall or compute the part called ``name`` for ``inputs``."""
        key = (name, *(("frame", id(x)) if isinstance(x, _FRAMES) else x for x in inputs))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                refs, value = entry
                if all(ref() is not None for ref in refs):
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return value  # type: ignore[return-value]
                del self._entries[key]  # a frame died and its id may have been reused
        value = compute()
        refs = [weakref.ref(x) for x in inputs if isinstance(x, _FRAMES)]
        with self._lock:
            self.misses += 1
            self._entries[key] = (refs, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


#: The memo every view build shares.
PARTS = PartMemo()
