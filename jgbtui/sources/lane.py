"""One worker thread for the CPU-heavy work the event loop hands off: parsing, judging, views.

Python runs one thread at a time (the GIL). When parsers, the acceptance gate and the view
build all ran at once in the default pool (up to six threads), the event loop got one turn
in seven: a 10 ms paint waited 100 ms and more for its turns, and the screen froze while
a load or a refresh was under way (``benchmarks/stall_stacks.py`` shows it). In one lane
the loop never waits behind more than one other thread, and the work takes no longer in
all: on the GIL it ran one at a time anyway.

Short jobs that mostly wait on the disk (cache reads and writes, hashing) stay on
:func:`asyncio.to_thread`: they release the GIL while they wait.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_LANE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jgbtui-cpu")


async def in_lane(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func(*args, **kwargs)`` in the CPU lane and await its result.

    Like :func:`asyncio.to_thread` (the caller's context variables go along), but jobs run
    one after another in a single thread, in the order they were handed in.
    """
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    call = functools.partial(context.run, func, *args, **kwargs)
    return await loop.run_in_executor(_LANE, call)
