"""The local engine: one process, or a pool of worker processes that each load the models once.

Input is streamed in chunks; at most ``2 × workers`` chunks are in flight, so
memory stays bounded whatever the input size; output keeps the input order.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from .io import Item
from .work import pin_blas_threads, process

log = logging.getLogger("derek.batch")

_pipeline: Any = None
READY_TIMEOUT = 600


def _init_worker(batch_size: int, barrier: Any) -> None:
    """Runs once in each worker process: pin BLAS to one thread, load the models, wait for the others."""
    global _pipeline
    pin_blas_threads()
    from ..pipeline import Pipeline

    _pipeline = Pipeline(batch_size=batch_size)
    try:
        barrier.wait(timeout=READY_TIMEOUT)
    except threading.BrokenBarrierError:
        log.warning("worker %d: the other workers did not get ready in time", os.getpid())


def _work(items: list[Item]) -> list[dict[str, Any]]:
    return process(_pipeline, items)


def _ready() -> int:
    return os.getpid()


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def run_local(
    items: Iterable[Item],
    write: Callable[[list[dict[str, Any]]], None],
    workers: int = 1,
    batch_size: int = 16,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Process ``items`` and pass each chunk's output rows, in input order, to ``write``.

    ``on_ready`` is called once the models are loaded in every worker (so that
    throughput can be measured without the start-up).
    """
    if workers <= 1:
        pin_blas_threads()
        from ..pipeline import Pipeline

        pipeline = Pipeline(batch_size=batch_size)
        if on_ready:
            on_ready()
        for chunk in chunks(items, batch_size):
            write(process(pipeline, chunk))
        return

    # Workers inherit the environment: pin BLAS before numpy is imported there.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    ctx = mp.get_context("spawn")
    max_in_flight = 2 * workers
    barrier = ctx.Barrier(workers + 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(batch_size, barrier)) as pool:
        # one task per worker starts them all (spawned on demand); the barrier holds
        # until every worker has loaded its models
        warm = [pool.submit(_ready) for _ in range(workers)]
        try:
            barrier.wait(timeout=READY_TIMEOUT)
        except threading.BrokenBarrierError:
            log.warning("local engine: not all %d workers got ready in %ds", workers, READY_TIMEOUT)
        pids = {f.result() for f in warm}
        log.info("local engine: %d workers ready (%s)", workers, ", ".join(map(str, sorted(pids))))
        if on_ready:
            on_ready()
        pending: deque[tuple[list[Item], Future[list[dict[str, Any]]]]] = deque()
        for chunk in chunks(items, batch_size):
            pending.append((chunk, pool.submit(_work, chunk)))
            while len(pending) >= max_in_flight:
                write(_collect(*pending.popleft()))
        while pending:
            write(_collect(*pending.popleft()))


def _collect(chunk: list[Item], fut: Future[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    try:
        return fut.result()
    except BrokenProcessPool:
        raise
    except Exception as e:  # the worker could not run or return this chunk: error rows, the job goes on
        log.warning("chunk of %d failed in a worker: %s", len(chunk), e)
        return [{"id": it.id, "error": f"{it.name}: worker failed: {type(e).__name__}: {e}"} for it in chunk]
