"""The progress bar of ``ingest`` and ``batch``: done/total, rate, time left (Rich, on stderr).

Shown only on a terminal and without ``--quiet``; the total is counted up front for files and
folders (see ``derek.batch.io.count_documents``), so the bar fills and the ETA means something.
"""

from __future__ import annotations

from typing import Any


def make_progress(quiet: bool = False, console: Any = None) -> Any:
    """A Rich ``Progress`` with total, rate and ETA; disabled off a terminal or when ``quiet``."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = console or Console(stderr=True)
    return Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(), TextColumn("{task.fields[rate]} docs/s"),
        TextColumn("[red]{task.fields[failed]} failed[/]"), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), console=console, disable=quiet or not console.is_terminal, transient=False,
        refresh_per_second=4)


def advance(progress: Any, task: Any, n: int = 1, failed: int = 0) -> None:
    """Move the bar by ``n`` documents, ``failed`` of them errors; the rate is done / elapsed."""
    progress.advance(task, n)
    t = next(x for x in progress.tasks if x.id == task)
    rate = f"{t.completed / t.elapsed:.1f}" if t.elapsed else "–"
    progress.update(task, failed=t.fields.get("failed", 0) + failed, rate=rate)
