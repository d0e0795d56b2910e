"""Trees kept as a parent mapping (agencies, objectives). Pure functions, no database."""

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

Node = TypeVar("Node", bound=Hashable)


def places_under_itself(node: Node, parent: Node | None, parent_of: Mapping[Any, Any]) -> bool:
    """Whether putting `node` under `parent` makes a loop: `parent` is `node` or lies below it,
    going up from `parent` through `parent_of` (the tree as it stands). A loop elsewhere in
    `parent_of`, not through `node`, ends the walk without an answer of True."""
    seen: set[Node] = set()
    current = parent
    while current is not None and current not in seen:
        if current == node:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False
