"""A stage bar (templates/_stage_bar.html): each stage done, current or still to come."""

from __future__ import annotations


def stage_bar(names: list[str], at: int) -> list[tuple[str, str]]:
    """``names`` in order, the one at index ``at`` current; ``at`` past the end means all done."""
    return [(name, "done" if i < at else "current" if i == at else "todo") for i, name in enumerate(names)]
