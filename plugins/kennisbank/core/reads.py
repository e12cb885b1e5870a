"""Which parts of which entries a computation read: the record that lets a rebuild redo only what an edit touched.

An entry's content is read through `Entry.data` (every field, the title too) and `Entry.body`; both note the read
here while a recording is open. A page made under `recording()` thus knows the (entry id, part) pairs it depends
on, and a rebuild under `serve` makes again only the pages whose reads an edit changed (outputs/build.py).

Anything that keeps a result computed from entries for later use (an index per knowledge base, a briefing made
once) must keep the reads with it and `replay` them on every use, or a page served from that memory would not
know what it depends on: `remember` does both.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, TypeVar

Read = tuple[str, str]
"""(entry id, part): part is DATA (the front matter, as validated) or BODY (the Markdown text)."""

DATA = "data"
BODY = "body"

K = TypeVar("K")
V = TypeVar("V")

OPEN: list[set[Read]] = []
"""The recordings open now, innermost last. Builds run on one thread; a read from another thread while a
recording is open would only add a dependency, never lose one."""


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Collect the reads made inside the block; an enclosing recording gets them too."""
    reads: set[Read] = set()
    OPEN.append(reads)
    try:
        yield reads
    finally:
        OPEN.pop()
        if OPEN:
            OPEN[-1].update(reads)


def replay(reads: Iterable[Read]) -> None:
    """Count reads made earlier (when a kept result was computed) as made now."""
    if OPEN:
        OPEN[-1].update(reads)


def remember(store: MutableMapping[K, tuple[V, frozenset[Read]]], key: K, compute: Callable[[], V]) -> V:
    """store[key], computed on first use; each use counts the reads its computation made."""
    kept = store.get(key)
    if kept is None:
        with recording() as reads:
            value = compute()
        kept = store[key] = (value, frozenset(reads))
    replay(kept[1])
    return kept[0]


class Kept:
    """Results of one build kept for the next (`serve` keeps the site it made), each with the reads that made it:
    a result is used again while none of its reads changed, else computed again and its new reads recorded."""

    _results: dict[Hashable, tuple[Any, frozenset[Read]]]

    def __init__(self, earlier: Kept | None = None, changed: set[Read] | None = None) -> None:
        # None for changed: more changed than reads can tell (an entry added, say), so nothing is kept.
        self._changed: set[Read] = changed if changed is not None else set()
        kept = earlier._results if earlier is not None and changed is not None else {}
        self._results = {key: result for key, result in kept.items() if result[1].isdisjoint(self._changed)}
        self.computed: set[Hashable] = set()  # the keys computed in this build, not kept from the last

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The kept result under key, or compute() (with its reads recorded for the next build)."""
        if key not in self._results:
            self.computed.add(key)
        return remember(self._results, key, compute)


Keeper = Callable[[Hashable, Callable[[], Any]], Any]
"""Kept.get, or compute_now where nothing is kept: how an output hands out parts it may reuse."""


def compute_now(key: Hashable, compute: Callable[[], V]) -> V:
    """Keep nothing: compute every time (a build from scratch, the CLI, the tests)."""
    return compute()
