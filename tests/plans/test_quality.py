"""The plan-quality check's pure functions, on hand-worked plans."""

import datetime
from decimal import Decimal
from typing import Any

from plans import quality
from plans.models import FundingSource

JAN = datetime.date(2024, 1, 1)
DEC = datetime.date(2024, 12, 31)


def indicator(**changes: Any) -> quality.IndicatorFacts:
    facts: dict[str, Any] = {
        "id": 1,
        "code": "I1",
        "name": "Victims identified",
        "qualitative": False,
        "objective_id": 10,
        "baseline": Decimal("5"),
        "baseline_text": "",
        "end_target": Decimal("20"),
        "end_target_text": "",
        "means_of_verification": "Police statistics",
        "responsible_count": 1,
    }
    return quality.IndicatorFacts(**(facts | changes))


def activity(**changes: Any) -> quality.ActivityFacts:
    facts: dict[str, Any] = {
        "id": 2,
        "code": "1.1.1",
        "name": "Train labour inspectors",
        "lead_agency_id": 7,
        "starts_on": JAN,
        "ends_on": DEC,
        "budget": Decimal("1000"),
        "funding_source": FundingSource.STATE_BUDGET,
    }
    return quality.ActivityFacts(**(facts | changes))


def objective(id: int, parent_id: int | None = None) -> quality.ObjectiveFacts:
    return quality.ObjectiveFacts(id=id, code=f"O{id}", name=f"Objective {id}", parent_id=parent_id)


def problems(findings: list[quality.Finding]) -> list[str]:
    return [finding.problem for finding in findings]


def test_it_finds_nothing_wrong_with_a_complete_indicator():
    assert quality.indicator_findings(indicator()) == []


def test_it_finds_every_gap_of_an_empty_numeric_indicator():
    empty = indicator(
        baseline=None, end_target=None, means_of_verification="  ", responsible_count=0
    )

    assert problems(quality.indicator_findings(empty)) == [
        quality.INDICATOR_NO_BASELINE,
        quality.INDICATOR_NO_TARGET,
        quality.INDICATOR_NO_SOURCE,
        quality.INDICATOR_NO_AGENCY,
    ]


def test_it_counts_a_zero_baseline_as_a_baseline():
    assert quality.indicator_findings(indicator(baseline=Decimal("0"))) == []


def test_it_does_not_accept_words_for_a_numeric_indicator_value():
    words_only = indicator(baseline=None, baseline_text="About five")

    assert problems(quality.indicator_findings(words_only)) == [quality.INDICATOR_NO_BASELINE]


def test_it_reads_words_not_numbers_for_a_qualitative_indicator():
    described = indicator(
        qualitative=True,
        baseline=None,
        end_target=None,
        baseline_text="No referral mechanism",
        end_target_text="Mechanism adopted",
    )
    blank = indicator(qualitative=True, baseline_text=" ", end_target_text="")

    assert quality.indicator_findings(described) == []
    assert problems(quality.indicator_findings(blank)) == [
        quality.INDICATOR_NO_BASELINE,
        quality.INDICATOR_NO_TARGET,
    ]


def test_it_names_the_indicator_a_finding_is_about():
    (finding,) = quality.indicator_findings(indicator(id=42, code="I9", responsible_count=0))

    assert (finding.kind, finding.element_id, finding.code) == ("indicator", 42, "I9")
    assert finding.name == "Victims identified"
    assert str(finding.message) == "No agency is responsible for the data."


def test_it_finds_nothing_wrong_with_a_complete_activity():
    assert quality.activity_findings(activity()) == []


def test_it_finds_an_activity_without_lead_timeline_or_budget():
    bare = activity(lead_agency_id=None, starts_on=None, ends_on=None, budget=None)

    findings = quality.activity_findings(bare)

    assert problems(findings) == [
        quality.ACTIVITY_NO_LEAD,
        quality.ACTIVITY_NO_TIMELINE,
        quality.ACTIVITY_NO_BUDGET,
    ]
    assert str(findings[1].message) == "No start and no end."


def test_it_says_which_end_of_the_timeline_is_missing():
    (no_start,) = quality.activity_findings(activity(starts_on=None))
    (no_end,) = quality.activity_findings(activity(ends_on=None))

    assert str(no_start.message) == "No start."
    assert str(no_end.message) == "No end."


def test_it_accepts_no_budget_when_no_funding_is_needed():
    free = activity(budget=None, funding_source=FundingSource.NONE_NEEDED)
    unfunded_donor = activity(budget=None, funding_source=FundingSource.DONOR)

    assert quality.activity_findings(free) == []
    assert problems(quality.activity_findings(unfunded_donor)) == [quality.ACTIVITY_NO_BUDGET]


def test_it_accepts_a_zero_budget():
    assert quality.activity_findings(activity(budget=Decimal("0"))) == []


def test_it_lists_only_leaf_objectives_without_their_own_indicator():
    # 1 has children 2 and 3; 2 has an indicator; 3 has none; 4 stands alone, measured only
    # through an indicator of one of its activities (objective_id None).
    objectives = [objective(1), objective(2, parent_id=1), objective(3, parent_id=1), objective(4)]
    indicators = [indicator(objective_id=2), indicator(id=5, objective_id=None)]

    findings = quality.objective_findings(objectives, indicators)

    assert [f.element_id for f in findings] == [3, 4]
    assert {f.problem for f in findings} == {quality.OBJECTIVE_NO_INDICATOR}
    assert {f.kind for f in findings} == {"objective"}


def test_it_does_not_list_a_parent_even_if_no_indicator_hangs_on_it():
    findings = quality.objective_findings([objective(1), objective(2, parent_id=1)], [])

    assert [f.element_id for f in findings] == [2]


def test_it_finds_problems_across_the_plan_and_groups_them_in_page_order():
    findings = quality.find_problems(
        [objective(10), objective(11)],
        [activity(lead_agency_id=None), activity(id=3, budget=None)],
        [indicator(baseline=None), indicator(id=6, baseline=None, responsible_count=0)],
    )

    groups = quality.group_by_problem(findings)

    assert [(g.problem, g.count) for g in groups] == [
        (quality.INDICATOR_NO_BASELINE, 2),
        (quality.INDICATOR_NO_AGENCY, 1),
        (quality.ACTIVITY_NO_LEAD, 1),
        (quality.ACTIVITY_NO_BUDGET, 1),
        (quality.OBJECTIVE_NO_INDICATOR, 1),
    ]
    assert [f.element_id for f in groups[0].findings] == [1, 6]
    assert groups[-1].findings[0].element_id == 11
    assert str(groups[0].title) == "Indicators without a baseline"


def test_it_finds_nothing_in_a_complete_plan():
    findings = quality.find_problems([objective(10)], [activity()], [indicator()])

    assert findings == []
    assert quality.group_by_problem(findings) == []
