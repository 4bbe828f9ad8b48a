"""Random picks of the hot paths: one random number each, the same for the same seed."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Weighted choice with one random number and a binary search."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("weighted choice over nothing")
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def one(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` with one random number (the uniform pick of the hot paths)."""
    return items[int(rng.random() * len(items))]
