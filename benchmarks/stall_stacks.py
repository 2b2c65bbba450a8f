"""Where the event loop stalls: the main thread's stack, sampled while the loop is late.

Runs :func:`inside.measure_app` with its :class:`~inside.LagProbe` replaced by one that also
starts a watchdog thread. Whenever the loop is more than ``--late`` ms past the probe's
wake-up time, the watchdog samples the main thread's stack (``sys._current_frames``) and
what every other thread is doing; each stall longer than ``--report`` ms is printed with its
most frequent stacks. A stall caused by a thread holding the GIL in a long C call shows as
few samples (the watchdog needs the GIL too) taken inside that thread's call.

With ``--callbacks`` every callback the loop runs is timed too, in wall time and in the
main thread's own CPU time (``time.thread_time``): a callback whose CPU time is small but
whose wall time is large was waiting for the GIL, not working.

    python benchmarks/stall_stacks.py [--report 30] [--late 8] [--callbacks]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inside

ROOT = Path(__file__).resolve().parent.parent


def _stack(frame: FrameType | None, depth: int = 14) -> str:
    """The innermost ``depth`` frames, one ``file:line func`` each, paths shortened."""
    lines = []
    for summary in traceback.extract_stack(frame)[-depth:]:
        name = summary.filename
        for marker in ("site-packages/", "/jgbtui/", "/lib/python"):
            if marker in name:
                name = name.split(marker, 1)[1]
                break
        lines.append(f"    {name}:{summary.lineno} {summary.name}")
    return "\n".join(lines)


@dataclass
class Stall:
    """One late wake-up: how late, the CPU the main thread and the process used meanwhile.

    Main-thread CPU close to the lateness: the loop was working (a long callback). Process
    CPU well above the main thread's: other threads held the GIL. Both far below the
    lateness: the process was not running at all (a busy machine).
    """

    late: float
    main_cpu: float
    all_cpu: float
    samples: Counter[str]
    others: Counter[str]


class StackProbe(inside.LagProbe):
    """A :class:`~inside.LagProbe` whose watchdog thread samples the stacks of each stall."""

    late = 0.008
    report = 0.030
    stalls: list[Stall] = []

    def __init__(self) -> None:
        super().__init__()
        self._due = float("inf")
        self._samples: Counter[str] = Counter()
        self._others: Counter[str] = Counter()
        self._main = threading.main_thread().ident

    async def _run(self) -> None:
        watchdog = threading.Thread(target=self._watch, daemon=True)
        watchdog.start()
        loop = asyncio.get_running_loop()
        while self.running:
            self._samples, self._others = Counter(), Counter()
            before = loop.time()
            main_cpu, all_cpu = time.thread_time(), time.process_time()
            self._due = time.perf_counter() + 0.005
            await asyncio.sleep(0.005)
            self._due = float("inf")
            lateness = loop.time() - before - 0.005
            self.worst = max(self.worst, lateness)
            if lateness > self.report:
                main_cpu = time.thread_time() - main_cpu
                all_cpu = time.process_time() - all_cpu
                StackProbe.stalls.append(
                    Stall(lateness, main_cpu, all_cpu, self._samples, self._others)
                )

    def _watch(self) -> None:
        while self.running:
            time.sleep(0.002)
            if time.perf_counter() - self._due < self.late:
                continue
            frames = sys._current_frames()
            self._samples[_stack(frames.get(self._main))] += 1  # type: ignore[arg-type]
            for ident, frame in frames.items():
                if ident not in (self._main, threading.get_ident()):
                    self._others[_stack(frame, 6)] += 1


SLOW: list[tuple[float, float, str]] = []
"""(wall ms, CPU ms, what) of each callback over the report threshold."""


def _describe(callback: object) -> str:
    """A task step as its coroutine and where it is suspended now; else the callback."""
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        frames = task.get_stack(limit=3)
        where = " < ".join(f"{f.f_code.co_name}:{f.f_lineno}" for f in reversed(frames))
        return f"task {getattr(coro, '__qualname__', coro)} [{where}]"
    return repr(callback)[:160]


def time_callbacks(threshold: float) -> None:
    """Time every loop callback; keep those over ``threshold`` seconds of wall time."""
    original = asyncio.events.Handle._run

    def timed(handle: asyncio.events.Handle) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        original(handle)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        if wall > threshold:
            SLOW.append((wall * 1000, cpu * 1000, _describe(handle._callback)))  # type: ignore[attr-defined]

    asyncio.events.Handle._run = timed  # type: ignore[method-assign]


def main() -> None:
    """Run the app measure and print the stalls with their stacks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=float, default=30.0, help="print stalls over ms")
    parser.add_argument("--late", type=float, default=8.0, help="sample once this late, ms")
    parser.add_argument("--others", action="store_true", help="also print other threads")
    parser.add_argument("--callbacks", action="store_true", help="time every loop callback")
    args = parser.parse_args()
    if args.callbacks:
        time_callbacks(args.report / 1000 / 2)
    StackProbe.late, StackProbe.report = args.late / 1000, args.report / 1000
    inside.LagProbe = StackProbe  # type: ignore[misc]
    figures = asyncio.run(inside.measure_app(ROOT.parent / "shared" / "data" / "real"))
    print(figures)
    for stall in sorted(StackProbe.stalls, key=lambda s: -s.late)[:8]:
        print(
            f"\n=== stall {stall.late * 1000:.0f} ms: main thread CPU "
            f"{stall.main_cpu * 1000:.0f} ms, process CPU {stall.all_cpu * 1000:.0f} ms, "
            f"{sum(stall.samples.values())} samples"
        )
        for stack, count in stall.samples.most_common(3):
            print(f"  main x{count}:\n{stack}")
        if args.others:
            for stack, count in stall.others.most_common(3):
                print(f"  other x{count}:\n{stack}")
    if SLOW:
        print("\n=== slowest callbacks: wall ms, main-thread CPU ms")
        for wall, cpu, what in sorted(SLOW, reverse=True)[:25]:
            print(f"  {wall:6.0f} {cpu:6.0f}  {what}")


if __name__ == "__main__":
    main()
