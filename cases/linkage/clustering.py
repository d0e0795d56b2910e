"""From scored pairs to persons, honouring the data officer's decisions.

Splink's connected components cannot be told that two records are different people, so the
clustering is done here: pairs are merged from the most to the least likely (a union–find),
"same person" decisions first, and a merge that would put two records decided "different" into
one person is refused. A chain of likely pairs therefore stops at a "different" decision
instead of joining both sides through it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Clusters:
    """Union–find over record ids, with cannot-link constraints kept per root."""

    parent: dict[int, int] = field(default_factory=dict)
    apart: dict[int, set[int]] = field(default_factory=dict)
    # The strongest pair linking each record to another record of its person.
    probability: dict[int, float] = field(default_factory=dict)
    # Kept only while a support check runs (cluster(support=...)): the records of each root
    # with more than one record, and the scored pairs (lower id first).
    records: dict[int, list[int]] = field(default_factory=dict)
    scored: set[tuple[int, int]] = field(default_factory=set)
    # When set (an incremental link): only pairs with a record of these were scored, so the
    # support check counts only the pairs across two persons that have one.
    fresh: set[int] = field(default_factory=set)

    def root(self, node: int) -> int:
        parent = self.parent
        path = []
        while (up := parent.get(node, node)) != node:
            path.append(node)
            node = up
        for seen in path:  # path compression keeps later look-ups short
            parent[seen] = node
        return node

    def separate(self, a: int, b: int) -> None:
        self.apart.setdefault(a, set()).add(b)
        self.apart.setdefault(b, set()).add(a)

    def join(self, a: int, b: int) -> None:
        """Put a and b into one person without any check: for persons formed before (an
        incremental link starts from them as they are)."""
        root_a, root_b = self.root(a), self.root(b)
        if root_a != root_b:
            self.parent[root_b] = root_a
            if apart_b := self.apart.pop(root_b, None):
                self.apart[root_a] = self.apart.get(root_a, set()) | apart_b

    def supported(self, root_a: int, root_b: int, support: float) -> bool:
        """Whether at least `support` of the record pairs across two persons were scored as
        likely (at or above the review band): a person of three records joins a fourth
        record only if that record resembles more than one of them, not through one pair."""
        left = self.records.get(root_a, [root_a])
        right = self.records.get(root_b, [root_b])
        if len(left) * len(right) == 1:
            return True
        scored, fresh = self.scored, self.fresh
        if fresh:
            across = [(x, y) for x in left for y in right if x in fresh or y in fresh]
            cross = len(across)
        else:
            across = [(x, y) for x in left for y in right]
            cross = len(left) * len(right)
        found = sum((x, y) in scored or (y, x) in scored for x, y in across)
        return found >= support * cross

    def merge(self, a: int, b: int, probability: float, support: float = 0.0) -> bool:
        """Join the persons of a and b unless a "different" decision stands between them, or
        too few of the pairs across them were scored as likely (`support`, see supported)."""
        root_a, root_b = self.root(a), self.root(b)
        if root_a != root_b:
            apart_a, apart_b = self.apart.get(root_a, set()), self.apart.get(root_b, set())
            if any(self.root(other) == root_b for other in apart_a):
                return False
            if support and not self.supported(root_a, root_b, support):
                return False
            if len(apart_a) < len(apart_b):
                root_a, root_b, apart_a, apart_b = root_b, root_a, apart_b, apart_a
            self.parent[root_b] = root_a
            if self.scored or support:
                joined = self.records.pop(root_a, [root_a]) + self.records.pop(root_b, [root_b])
                self.records[root_a] = joined
            if apart_b:
                self.apart[root_a] = apart_a | apart_b
                self.apart.pop(root_b, None)
        for node in (a, b):
            if probability > self.probability.get(node, -1.0):
                self.probability[node] = probability
        return True


def cluster(
    *,
    pairs: Iterable[tuple[int, int, float]],
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    support: float = 0.0,
) -> Clusters:
    """Persons from scored pairs at or above `threshold` and the decided pairs.

    The constraints are kept per root as the record ids decided "different"; a merge checks
    the roots of those records, so a constraint follows its records through later merges.
    With `support`, two persons are joined only if at least that share of the record pairs
    across them is among `pairs` (all of them, below the threshold too): a chain of pairs,
    each likely, does not join records that do not resemble each other ("same" decisions
    join regardless)."""
    clusters = Clusters()
    pairs = list(pairs)
    if support:
        clusters.scored = {(a, b) for a, b, _ in pairs}
    for a, b in different:
        clusters.separate(a, b)
    for a, b in same:
        clusters.merge(a, b, 1.0)
    ordered = sorted((p for p in pairs if p[2] >= threshold), key=lambda p: -p[2])
    for a, b, probability in ordered:
        clusters.merge(a, b, probability, support)
    clusters.records, clusters.scored = {}, set()
    return clusters


def members(clusters: Clusters, ids: Iterable[int]) -> dict[int, list[int]]:
    """Root -> record ids, every id included (records in no pair are persons of their own)."""
    groups: dict[int, list[int]] = {}
    for record_id in ids:
        groups.setdefault(clusters.root(record_id), []).append(record_id)
    return groups
