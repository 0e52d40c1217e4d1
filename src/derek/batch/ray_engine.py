"""The Ray engine: Ray Data reads the input, actors that load the pipeline once process it, Ray Data writes it.

Runs on an existing cluster (``address``) or on a local one started for the
run with ``workers`` CPUs. Needs the ``ray`` extra: ``pip install 'derek[ray]'``;
on a cluster, derek must be installed on every node.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import DerekError
from .io import RECORD_FIELDS, Item, check_record, parquet_table, parse_line, part_files, result_line
from .work import pin_blas_threads, process

log = logging.getLogger("derek.batch")

BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def is_uri(path: str | Path) -> bool:
    return "://" in str(path)


def io_cpus(fn: Any) -> dict[str, Any]:
    """Read and write tasks reserve no CPU: the actors hold every CPU, and a read task
    waiting for one would wait forever. (Newer Ray takes ``num_cpus``, older ``ray_remote_args``.)"""
    import inspect

    if "num_cpus" in inspect.signature(fn).parameters:
        return {"num_cpus": 0}
    return {"ray_remote_args": {"num_cpus": 0}}


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        raise DerekError("the ray engine needs Ray Data", hint="pip install 'derek[ray]'") from e
    return ray


class RayWorker:
    """A Ray Data actor: loads the pipeline once, turns batches of input rows into output rows."""

    def __init__(self, in_fmt: str, out_fmt: str, batch_size: int, factory: Callable[[], Any] | None = None,
                 counter: Any = None) -> None:
        pin_blas_threads()
        self.counter = counter  # a RowCounter actor, when the driver shows progress
        if factory is not None:
            self.pipeline = factory()
        else:
            from ..pipeline import Pipeline

            self.pipeline = Pipeline(batch_size=batch_size)
        self.in_fmt = in_fmt
        self.out_fmt = out_fmt

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = batch.to_pylist()
        items: list[Item] = []
        for r in rows:
            name = r.get("path") or "<ray input>"
            if self.in_fmt == "docs" and r.get("error"):
                items.append(Item(id=r["id"], name=name, error=r["error"]))
            elif self.in_fmt == "docs":
                item = check_record({k: v for k, v in r.items() if k in RECORD_FIELDS and k != "id"}, name)
                item.id = r["id"]
                items.append(item)
            elif self.in_fmt == "jsonl":
                items.append(parse_line(r["text"], name))
            else:
                items.append(check_record({k: v for k, v in r.items() if k in RECORD_FIELDS}, name))
        out = process(self.pipeline, items)
        if self.counter is not None:
            self.counter.add.remote(len(out), sum(1 for o in out if "error" in o))
        if self.out_fmt == "jsonl":
            return pa.table({"line": [result_line(o) for o in out]})
        return parquet_table(out)


def row_counter(ray: Any) -> Any:
    """An actor the workers tell how many rows they made (no CPU of its own)."""

    @ray.remote(num_cpus=0)
    class RowCounter:
        def __init__(self) -> None:
            self.rows = self.errors = 0

        def add(self, rows: int, errors: int) -> None:
            self.rows += rows
            self.errors += errors

        def get(self) -> tuple[int, int]:
            return self.rows, self.errors

    return RowCounter.remote()


@contextmanager
def report_rows(ray: Any, counter: Any, on_rows: Callable[[int, int], None] | None,
                every_s: float = 0.5) -> Iterator[None]:
    """While the body runs, poll ``counter`` and pass what is new to ``on_rows``."""
    if counter is None or on_rows is None:
        yield
        return
    seen = [0, 0]
    stop = threading.Event()

    def poll() -> None:
        rows, errors = ray.get(counter.get.remote())
        if rows > seen[0]:
            on_rows(rows - seen[0], errors - seen[1])
            seen[:] = [rows, errors]

    def loop() -> None:
        while not stop.wait(every_s):
            poll()

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()
        poll()


def jsonl_sink(path: str) -> Any:
    """A Ray Data sink writing the pre-serialized ``line`` column as JSONL part files."""
    from ray.data.datasource import BlockBasedFileDatasink

    class JsonlLines(BlockBasedFileDatasink):  # type: ignore[misc]
        def __init__(self, path: str) -> None:
            super().__init__(path, file_format="jsonl")

        def write_block_to_file(self, block: Any, file: Any) -> None:
            lines = block.to_arrow().column("line").to_pylist()
            file.write("".join(line + "\n" for line in lines).encode("utf-8"))

    return JsonlLines(path)


def run_ray(
    inp: str | Path,
    out: str | Path,
    in_fmt: str,
    out_fmt: str,
    workers: int | None = None,
    address: str | None = None,
    batch_size: int = 16,
    factory: Callable[[], Any] | None = None,
    docs: Any = None,
    on_rows: Callable[[int, int], None] | None = None,
) -> None:
    """Run the batch on Ray; ``out`` becomes a folder of part files. ``docs``: the input rows of a
    ``docs`` input, read here by ``derek.read`` (the reader ``derek ingest`` uses) and handed to Ray.
    ``on_rows(rows, errors)`` is called in the driver as the actors report rows done (a progress
    bar); without it Ray Data shows its own progress bars on a terminal."""
    ray = import_ray()
    if not is_uri(out) and (Path(out).is_file() or (Path(out).is_dir() and any(Path(out).iterdir()))):
        raise DerekError(f"{out}: the Ray engine writes a folder of parts, and this one is not empty",
                         hint="remove it or name a new folder")
    started = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"runtime_env": {"env_vars": BLAS_ENV}, "log_to_driver": False}
        if address:
            ray.init(address=address, **kwargs)
        else:
            # one CPU more than actors: Ray Data's file listing/reading tasks need one of their own
            ray.init(num_cpus=(workers or 1) + 1, include_dashboard=False, **kwargs)
        started = True
    try:
        if not workers:  # leave one CPU to Ray Data's reading and writing tasks
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)) - 1)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = on_rows is None and sys.stderr.isatty() and not os.environ.get("DEREK_QUIET")
        counter = row_counter(ray) if on_rows else None
        # a URI (s3://, gs://, hdfs://…) goes to Ray Data as it is: every node must reach it
        paths = [str(inp)] if is_uri(inp) or docs is not None else [str(p.resolve()) for p in part_files(inp, in_fmt)]
        dest = str(out) if is_uri(out) else str(Path(out).resolve())
        if docs is not None:
            cols = [c for c in RECORD_FIELDS if c != "id"]
            rows = [{"path": it.name, "id": it.id, "error": it.error,
                     **{c: (it.record or {}).get(c) for c in cols}} for it in docs]
            ds = ray.data.from_items(rows)
        elif in_fmt == "jsonl":
            ds = ray.data.read_text(paths, drop_empty_lines=True, include_paths=True,
                                    **io_cpus(ray.data.read_text))
        else:
            ds = ray.data.read_parquet(paths, include_paths=True, **io_cpus(ray.data.read_parquet))
        ds = ds.map_batches(
            RayWorker,
            fn_constructor_kwargs={"in_fmt": in_fmt, "out_fmt": out_fmt, "batch_size": batch_size,
                                   "factory": factory, "counter": counter},
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        if not is_uri(out):
            Path(out).mkdir(parents=True, exist_ok=True)
        with report_rows(ray, counter, on_rows):
            if out_fmt == "jsonl":
                ds.write_datasink(jsonl_sink(dest), **io_cpus(ds.write_datasink))
            else:
                ds.write_parquet(dest, **io_cpus(ds.write_parquet))
        log.info("ray engine: wrote %s", out)
    finally:
        if started:
            ray.shutdown()
