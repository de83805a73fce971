"""Groups joined by pairs (union–find): version families of documents, forms of one equivalence."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T", int, str)  # ids or words: hashable and ordered


class DisjointSets(Generic[T]):
    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def find(self, x: T) -> T:
        """The root of ``x``'s group (``x`` joins as its own group when new)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> None:
        """Join the groups of ``a`` and ``b``; the smaller root stays the root."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = (ra, rb) if ra < rb else (rb, ra)
            self.parent[high] = low
