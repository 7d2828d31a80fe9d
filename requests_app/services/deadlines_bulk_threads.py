"""Reading the deadline batches on several threads, for ``deadlines_bulk.batches_recompute``.

Reading a batch is about half waiting on PostgreSQL and half Python (numpy parsing the
columns, the law over arrays); on one connection the two alternate. Each reader here walks
its own range of ids on its own thread, and so its own connection (Django's connections are
per thread), while the calling thread consumes what they read: one reader's wait on the
database overlaps the other's Python and the caller's writes.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from django.db import connections

T = TypeVar("T")
_DONE = object()  # a reader's last word, after its items or its exception


def read_on_threads(readers: Sequence[Callable[[], Iterator[T]]], *, depth: int = 4) -> Iterator[T]:
    """The items of every reader's iterator, each iterated on its own thread, in whatever
    order they arrive. At most ``depth`` items wait to be consumed (a reader ahead of the
    consumer blocks rather than holding the table in memory). A reader's exception is raised
    here; it, or the consumer stopping early, stops the other readers after their current
    item."""
    items: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def run(reader: Callable[[], Iterator[T]]) -> None:
        try:
            for item in reader():
                if stop.is_set():
                    return
                items.put((item, None))
        except BaseException as error:  # raised again in the consumer
            items.put((None, error))
        finally:
            connections.close_all()  # this thread's own connections only
            items.put(_DONE)

    threads = [threading.Thread(target=run, args=(reader,), daemon=True) for reader in readers]
    for thread in threads:
        thread.start()
    try:
        running = len(threads)
        while running:
            message = items.get()
            if message is _DONE:
                running -= 1
                continue
            item, error = message
            if error is not None:
                raise error
            yield item
    finally:
        stop.set()
        # A reader blocked on a full queue waits for room: drain until every one has ended.
        while any(thread.is_alive() for thread in threads):
            with contextlib.suppress(queue.Empty):
                items.get(timeout=0.05)
        for thread in threads:
            thread.join()
