"""Reading the agency tree: the forest, the rows of the list in tree order, and the agencies
below a set of agencies, which is how totals roll up national → regional → local."""

from agencies import selectors
from tests import factories


def make_hierarchy():
    """NAT → (REG-E → LOC-E1, LOC-E2), (REG-W); and a separate national NGO."""
    national = factories.AgencyFactory(code="NAT", name="National committee")
    east = factories.AgencyFactory(code="REG-E", name="East region", parent=national)
    west = factories.AgencyFactory(code="REG-W", name="West region", parent=national)
    local_1 = factories.AgencyFactory(code="LOC-E1", name="East town 1", parent=east)
    local_2 = factories.AgencyFactory(code="LOC-E2", name="East town 2", parent=east)
    ngo = factories.AgencyFactory(code="AAA-NGO", name="A national NGO")
    return national, east, west, local_1, local_2, ngo


def test_it_builds_the_forest_with_children_in_code_order(db):
    national, east, west, local_1, local_2, ngo = make_hierarchy()

    forest = selectors.agency_tree()

    assert [node.agency for node in forest] == [ngo, national]
    assert [node.agency for node in forest[1].children] == [east, west]
    assert [node.agency for node in forest[1].children[0].children] == [local_1, local_2]
    assert forest[0].children == []


def test_it_rolls_up_everything_below_an_agency(db):
    national, east, west, local_1, local_2, ngo = make_hierarchy()

    assert selectors.agency_descendant_ids([east.pk]) == {east.pk, local_1.pk, local_2.pk}
    assert selectors.agency_descendant_ids([national.pk]) == {
        national.pk,
        east.pk,
        west.pk,
        local_1.pk,
        local_2.pk,
    }
    assert selectors.agency_descendant_ids([local_1.pk, ngo.pk]) == {local_1.pk, ngo.pk}
    assert selectors.agency_descendant_ids([]) == set()


def test_it_lists_rows_in_tree_order_with_depth_and_active_users(db):
    east = make_hierarchy()[1]
    factories.UserFactory(agency=east)
    factories.UserFactory(agency=east)
    factories.UserFactory(agency=east, is_active=False)

    rows = selectors.agency_rows()

    assert [(row.agency.code, row.depth) for row in rows] == [
        ("AAA-NGO", 0),
        ("NAT", 0),
        ("REG-E", 1),
        ("LOC-E1", 2),
        ("LOC-E2", 2),
        ("REG-W", 1),
    ]
    assert {row.agency.code: row.user_count for row in rows}["REG-E"] == 2
    assert {row.agency.code: row.user_count for row in rows}["NAT"] == 0


def test_it_caps_the_indentation_of_a_very_deep_hierarchy(db):
    parent = None
    for level in range(14):
        parent = factories.AgencyFactory(code=f"L{level:02d}", parent=parent)

    rows = selectors.agency_rows()

    assert [row.depth for row in rows] == list(range(14))
    assert [row.indent for row in rows][-5:] == [9, 10, 10, 10, 10]


def test_it_reads_the_list_in_one_query(db, django_assert_num_queries):
    make_hierarchy()

    with django_assert_num_queries(1):
        selectors.agency_rows()
