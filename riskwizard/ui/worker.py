"""Background work through one helper: a function runs on a pool thread, and its progress,
result or error come back as calls on the main thread. The function never touches widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, str], None]


class Task(QObject):
    """Lives in the main thread; its signals, emitted by the worker, arrive there queued."""

    progress = Signal(int, str)
    """Percent done (0–100) and what is being done."""
    done = Signal(object)
    """The function's result."""
    failed = Signal(object)
    """The exception the function raised."""

    def __init__(self, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None],
                 on_progress: Callable[[int, str], None] | None) -> None:
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.progress.connect(self._report)
        self.done.connect(self._finish)
        self.failed.connect(self._fail)

    @Slot(int, str)
    def _report(self, pct: int, what: str) -> None:
        if self._on_progress is not None:
            self._on_progress(pct, what)

    @Slot(object)
    def _finish(self, result: object) -> None:
        _running.discard(self)
        self._on_done(result)

    @Slot(object)
    def _fail(self, exc: object) -> None:
        _running.discard(self)
        self._on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], task: Task) -> None:
        super().__init__()
        self.fn, self.task = fn, task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(lambda pct, what: self.task.progress.emit(int(pct), str(what)))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.task.failed.emit(exc)
        else:
            self.task.done.emit(result)


_running: set[Task] = set()


def run_in_background(fn: Callable[[Progress], Any], *,
                      on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None],
                      on_progress: Callable[[int, str], None] | None = None) -> Task:
    """Run ``fn(progress)`` on a worker thread; the callbacks run on the main thread."""
    task = Task(on_done, on_error, on_progress)
    _running.add(task)
    QThreadPool.globalInstance().start(_Job(fn, task))
    return task
