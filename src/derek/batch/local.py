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

from ..errors import DerekError
from .io import Item
from .work import pin_blas_threads, process

log = logging.getLogger("derek.batch")

_pipeline: Any = None
READY_TIMEOUT = 600
MAX_RESTARTS = 20


def _init_worker(batch_size: int, barrier: Any, factory: Callable[[], Any] | None = None) -> None:
    """Runs once in each worker process: pin BLAS to one thread, load the models, wait for the others."""
    global _pipeline
    pin_blas_threads()
    _pipeline = _build(batch_size, factory)
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
    factory: Callable[[], Any] | None = None,
) -> None:
    """Process ``items`` and pass each chunk's output rows, in input order, to ``write``.

    ``on_ready`` is called once the models are loaded in every worker (so that
    throughput can be measured without the start-up). ``factory`` builds the
    pipeline in each worker (a module-level function; default: ``Pipeline()``).
    If a worker process dies (a crash, the OOM killer), the pool is restarted and
    the documents it had in flight are run again one at a time, so that only the
    document that kills a worker becomes an error row.
    """
    if workers <= 1:
        pin_blas_threads()
        pipeline = _build(batch_size, factory)
        if on_ready:
            on_ready()
        for chunk in chunks(items, batch_size):
            write(process(pipeline, chunk))
        return

    # Workers inherit the environment: pin BLAS before numpy is imported there.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    ctx = mp.get_context("spawn")
    pool = _start_pool(ctx, workers, batch_size, factory)
    if on_ready:
        on_ready()
    source = chunks(items, batch_size)
    retry: deque[list[Item]] = deque()  # single documents to run again after a worker died
    pending: deque[list[Any]] = deque()  # [chunk, future, is_retry], in input order
    restarts = 0
    try:
        while True:
            try:
                while True:
                    if retry:  # one at a time, so that a crash names its document
                        while pending:
                            write(_collect(*pending[0][:2]))
                            pending.popleft()
                        chunk, is_retry = retry.popleft(), True
                    else:
                        chunk = next(source, None)
                        is_retry = False
                        if chunk is None:
                            break
                    pending.append([chunk, None, is_retry])
                    pending[-1][1] = pool.submit(_work, chunk)
                    limit = 1 if retry else 2 * workers
                    while len(pending) >= limit:
                        write(_collect(*pending[0][:2]))
                        pending.popleft()
                while pending:
                    write(_collect(*pending[0][:2]))
                    pending.popleft()
                break
            except BrokenProcessPool:
                restarts += 1
                log.warning("local engine: a worker process died (%d so far); restarting the pool", restarts)
                lost = list(pending)
                pending.clear()
                requeue: list[list[Item]] = []
                for chunk, _, was_retry in lost:
                    if was_retry:  # it died alone: this document kills workers
                        write([_lost_row(it) for it in chunk])
                    else:
                        requeue.extend([it] for it in chunk)
                retry.extendleft(reversed(requeue))
                pool.shutdown(wait=False, cancel_futures=True)
                if restarts > MAX_RESTARTS:
                    raise DerekError(f"worker processes died {restarts} times; giving up",
                                     hint="look for a document that crashes the models, or memory limits") from None
                pool = _start_pool(ctx, workers, batch_size, factory)
    finally:
        pool.shutdown()


def _build(batch_size: int, factory: Callable[[], Any] | None) -> Any:
    if factory is not None:
        return factory()
    from ..pipeline import Pipeline

    return Pipeline(batch_size=batch_size)


def _start_pool(ctx: Any, workers: int, batch_size: int, factory: Callable[[], Any] | None) -> ProcessPoolExecutor:
    barrier = ctx.Barrier(workers + 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(batch_size, barrier, factory))
    # one task per worker starts them all (spawned on demand); the barrier holds
    # until every worker has loaded its models
    warm = [pool.submit(_ready) for _ in range(workers)]
    try:
        barrier.wait(timeout=READY_TIMEOUT)
    except threading.BrokenBarrierError:
        log.warning("local engine: not all %d workers got ready in %ds", workers, READY_TIMEOUT)
    try:
        pids = {f.result() for f in warm}
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        raise DerekError("the worker processes could not start", hint="run with --workers 1 to see why") from None
    log.info("local engine: %d workers ready (%s)", workers, ", ".join(map(str, sorted(pids))))
    return pool


def _lost_row(it: Item) -> dict[str, Any]:
    return {"id": it.id, "error": f"{it.name}: the worker process died while processing this document"}


def _collect(chunk: list[Item], fut: Future[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    try:
        return fut.result()
    except BrokenProcessPool:
        raise
    except Exception as e:  # the worker could not run or return this chunk: error rows, the job goes on
        log.warning("chunk of %d failed in a worker: %s", len(chunk), e)
        return [{"id": it.id, "error": f"{it.name}: worker failed: {type(e).__name__}: {e}"} for it in chunk]
