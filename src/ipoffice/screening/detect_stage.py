"""Step 4 of the batch pipeline, `detect`: every detector over the features of the batch.

A detector that judges other detectors' findings (`reads_earlier`) sees the findings of all the
detectors before it, so it runs after them, in this process. The others read their own
features only: consecutive ones form a wave, and with many applications a wave's detectors run
side by side in worker processes (spawned, as the engine's), each sent its features still
pickled. Whatever order the workers finish in, the findings are put together in the detectors'
order, so the result is that of running them one after the other here.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import Any, Protocol

from ipoffice.core.collector import collector_paused
from ipoffice.screening.detector import Detector, Findings, ScreeningContext

# Below this many applications every detector runs in this process: starting workers
# (importing the detectors, receiving the context) costs a few seconds.
MIN_PARALLEL_DETECT = 5_000
# The memory a detector takes in `detect`, as a multiple of its pickled features: 4 to 16
# measured on 100,000 applications, about 10 on a million (where two side by side ran a 23 GB
# machine out of memory). A wave runs side by side only when its largest detectors' share of
# this fits in the memory the machine has available; else one after the other, here.
MEMORY_FACTOR = 20

Progress = Callable[[str, int], None]
# One slice of the batch as sent to a worker: its ids and one detector's pickled features.
_Part = tuple[list[str], bytes]


class Pickled(Protocol):
    """The features of consecutive applications, pickled per detector (`PreparedSlice`)."""

    ids: list[str]

    def take(self, detector: int) -> list[Any]: ...

    def take_pickled(self, detector: int) -> bytes: ...

    def pickled_size(self, detector: int) -> int: ...


def reads_earlier(detector: Detector) -> bool:
    # A detector that does not say is taken to read them: waiting for the others is always right.
    return bool(getattr(detector, "reads_earlier", True))


def waves(detectors: Sequence[Detector]) -> list[list[int]]:
    """The detectors' positions in runs that may go side by side: each detector that reads
    earlier findings alone, the others in runs of consecutive ones."""
    out: list[list[int]] = []
    alone = True
    for k, detector in enumerate(detectors):
        if reads_earlier(detector):
            out.append([k])
            alone = True
        elif alone:
            out.append([k])
            alone = False
        else:
            out[-1].append(k)
    return out


def detect_all(
    detectors: Sequence[Detector],
    prepared: Sequence[Pickled],
    context: ScreeningContext,
    tick: Progress,
    workers: int,
) -> Findings:
    """The findings of every detector over the prepared features, in the detectors' order (see
    the module docstring). Each detector's features are released once it has them."""
    size = sum(len(part.ids) for part in prepared)
    found: Findings = {}
    pool: ProcessPoolExecutor | None = None
    try:
        for wave in waves(detectors):
            if len(wave) == 1 or size < MIN_PARALLEL_DETECT or not _fits(wave, prepared, workers):
                for k in wave:
                    _merge(found, _detect_here(detectors[k], k, prepared, context, found, tick))
                continue
            if pool is None:
                pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    # The workers' detectors read no earlier findings: none are sent.
                    initargs=(list(detectors), replace(context, earlier={})),
                )
            for more in _detect_in_pool(pool, wave, detectors, prepared, tick):
                _merge(found, more)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return found


def _fits(wave: list[int], prepared: Sequence[Pickled], workers: int) -> bool:
    """Whether the wave's detectors may run `workers` at a time in the memory available."""
    if workers <= 1:
        return False
    sizes = sorted((sum(part.pickled_size(k) for part in prepared) for k in wave), reverse=True)
    needed = MEMORY_FACTOR * sum(sizes[:workers])
    available = available_memory()
    return available is not None and needed <= available


def available_memory() -> int | None:
    """Bytes of memory available to start new work (Linux `MemAvailable`); None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _detect_here(
    detector: Detector,
    k: int,
    prepared: Sequence[Pickled],
    context: ScreeningContext,
    found: Findings,
    tick: Progress,
) -> Findings:
    tick(f"detect: {detector.name}", 0)
    features = [pair for part in prepared for pair in zip(part.ids, part.take(k), strict=True)]
    # Read-only for the call: the findings are added to only after it returns. A detector that
    # reads none gets none, here as in the workers, so where it runs changes nothing.
    earlier = found if reads_earlier(detector) else {}
    named = _named(detector, detector.detect(features, replace(context, earlier=earlier)))
    tick(f"detect: {detector.name}", len(features))
    return named


def _detect_in_pool(
    pool: ProcessPoolExecutor,
    wave: list[int],
    detectors: Sequence[Detector],
    prepared: Sequence[Pickled],
    tick: Progress,
) -> list[Findings]:
    """The findings of the wave's detectors, in its order, from the pool's workers."""
    size = sum(len(part.ids) for part in prepared)
    futures: dict[Future[Findings], int] = {}
    for k in wave:
        tick(f"detect: {detectors[k].name}", 0)
        parts = [(part.ids, part.take_pickled(k)) for part in prepared]
        futures[pool.submit(_detect_in_worker, k, parts)] = k
    done: dict[int, Findings] = {}
    for future in as_completed(futures):
        k = futures[future]
        done[k] = future.result()
        tick(f"detect: {detectors[k].name}", size)
    return [done[k] for k in wave]


def _named(detector: Detector, findings: Findings) -> Findings:
    return {
        app_id: [replace(item, detector=detector.name) for item in items]
        for app_id, items in findings.items()
    }


def _merge(found: Findings, more: Findings) -> None:
    for app_id, items in more.items():
        found.setdefault(app_id, []).extend(items)


_WORKER: tuple[list[Detector], ScreeningContext] | None = None


def _start_worker(detectors: list[Detector], context: ScreeningContext) -> None:
    global _WORKER
    _WORKER = (detectors, context)


def _detect_in_worker(k: int, parts: list[_Part]) -> Findings:
    assert _WORKER is not None, "worker not started"
    detectors, context = _WORKER
    with collector_paused():  # as in `prepare`: detecting makes no cycles
        features: list[tuple[str, Any]] = []
        parts.reverse()
        while parts:  # each slice's bytes freed once read (the pool keeps the list itself)
            ids, blob = parts.pop()
            # Pickled by this run's own workers, never read from outside.
            values = pickle.loads(blob)  # noqa: S301
            features += zip(ids, values, strict=True)
        return _named(detectors[k], detectors[k].detect(features, context))
