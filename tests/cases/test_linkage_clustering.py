"""Persons from scored pairs (cases/linkage/clustering.py): the support check keeps a chain of
likely pairs from joining records that do not resemble each other."""

from cases.linkage import clustering

# 1, 2 and 3 resemble each other; 4 resembles 3 only.
PAIRS = [(1, 2, 0.99), (1, 3, 0.98), (2, 3, 0.97), (3, 4, 0.95)]


def _persons(clusters: clustering.Clusters) -> list[set[int]]:
    groups = clustering.members(clusters, range(1, 5)).values()
    return sorted((set(group) for group in groups), key=min)


def test_it_joins_a_chain_without_the_support_check():
    clusters = clustering.cluster(pairs=PAIRS, threshold=0.9)

    assert _persons(clusters) == [{1, 2, 3, 4}]


def test_it_refuses_a_record_that_resembles_one_record_of_a_person_only():
    clusters = clustering.cluster(pairs=PAIRS, threshold=0.9, support=0.5)

    # 4 resembles one of the three records of {1, 2, 3}: a third of the pairs across.
    assert _persons(clusters) == [{1, 2, 3}, {4}]
    assert 4 not in clusters.probability


def test_it_counts_pairs_below_the_threshold_as_support():
    pairs = [*PAIRS, (2, 4, 0.75)]  # in the review band: resembles, not enough to join alone

    clusters = clustering.cluster(pairs=pairs, threshold=0.9, support=0.5)

    assert _persons(clusters) == [{1, 2, 3, 4}]


def test_it_keeps_same_decisions_but_checks_pairs_against_them():
    clusters = clustering.cluster(pairs=[(1, 2, 0.99)], threshold=0.9, same=[(2, 3)], support=1.0)

    # 2 and 3 are one person (decided); 1 resembles 2 but not 3.
    assert _persons(clusters) == [{1}, {2, 3}, {4}]
