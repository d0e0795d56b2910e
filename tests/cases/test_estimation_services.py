"""Population estimates: requested by the coordinator alone, validated before anything is
stored, computed by the job, published one a year, read by viewers only when published, every
read audited (cases/estimation/services.py, selectors.py, rules.py)."""

import datetime
from collections.abc import Iterator

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cases.estimation import rules, selectors, services
from cases.models import CaseAccess, EstimateStatus, PopulationEstimate
from jobs.models import Job, JobStatus
from jobs.services import job_retry
from tests.cases.estimation_data import HISTORIES, agencies, persons_with
from tests.cases.stats_data import record
from tipmonitor.lib.disclosure import is_sensitive
from tipmonitor.lib.mse import CaptureTable, estimate_population

pytestmark = pytest.mark.django_db

LISTS = [
    {"name": "Police", "agencies": ["POL"]},
    {"name": "Shelter", "agencies": ["NGO1"]},
    {"name": "Labour", "agencies": ["LAB"]},
]


@pytest.fixture
def three(agency_a, agency_b):
    return [agency_a, agency_b, *agencies("LAB")]


@pytest.fixture
def linked(three):
    persons_with(HISTORIES, three)


def _request(user, **changes):
    given = {"year": 2025, "lists": LISTS, "method": "auto", "bootstrap": 20, "seed": 7}
    return services.estimate_request(user=user, **(given | changes))


def _done(coordinator, django_capture_on_commit_callbacks, **changes) -> PopulationEstimate:
    with django_capture_on_commit_callbacks(execute=True):
        estimate = _request(coordinator, **changes)
    estimate.refresh_from_db()
    return estimate


# --- Requests ----------------------------------------------------------------------------------


def test_it_stores_the_histories_queues_the_job_and_audits_the_request(
    coordinator, linked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        estimate = _request(coordinator, max_order=2)
    assert len(queued) == 1
    estimate.refresh_from_db()
    assert estimate.status == EstimateStatus.QUEUED
    assert estimate.lists[0] == {"name": "Police", "agencies": ["POL"]}
    assert sorted(map(tuple, estimate.table)) == sorted((*h, n) for h, n in HISTORIES.items())
    assert (estimate.method, estimate.max_order, estimate.bootstrap, estimate.seed) == (
        "auto",
        2,
        20,
        7,
    )
    job = Job.objects.get()
    assert job.function == "cases.jobs.estimate_population"
    assert job.kwargs == {"estimate_id": estimate.pk}
    assert job.subject == services.estimate_subject(estimate.pk)
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.records) == (coordinator, "estimate", 198)
    assert "year=2025" in access.target
    assert "Police=POL" in access.target


def test_it_computes_the_estimate_in_the_job(
    coordinator, linked, django_capture_on_commit_callbacks
):
    estimate = _done(coordinator, django_capture_on_commit_callbacks)
    assert estimate.status == EstimateStatus.DONE
    assert estimate.finished_at is not None
    result = estimate.result
    assert result["exists"] is True
    assert result["observed"] == 198
    assert result["estimate"] > 198
    assert result["ci_low"] <= result["estimate"] <= result["ci_high"]
    assert result["method"] == "bic"
    assert (result["bootstrap"], result["seed"]) == (20, 7)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    # The job's message counts nobody: the figures are for the estimate's page.
    assert job.result["message"] == "The estimate of hidden victims for 2025 is ready."


@pytest.mark.parametrize("role", ["viewer", "reporter_a", "case_officer_a", "administrator"])
def test_it_lets_only_the_coordinator_request(role, request, linked):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        _request(user)
    assert not PopulationEstimate.objects.exists()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": 2999}, "year", "Choose a year from 1900 to"),
        ({"year": 1899}, "year", "Choose a year from 1900 to"),
        ({"lists": LISTS[:2]}, "lists", "Choose 3 to 8 lists; 2 given."),
        ({"lists": [*LISTS[:2], {"name": "X", "agencies": ["NOPE"]}]}, "lists", "no agency NOPE"),
        ({"method": "magic"}, "method", "Choose a method: auto, bic, stepwise."),
        ({"max_order": 3}, "max_order", "from 2 to 2"),
        ({"max_order": 1}, "max_order", "from 2 to 2"),
        ({"bootstrap": 10_001}, "bootstrap", "from 0 to 10000"),
        ({"bootstrap": -1}, "bootstrap", "from 0 to 10000"),
        ({"seed": -1}, "seed", "The seed is a whole number"),
        ({"seed": "1"}, "seed", "The seed is a whole number"),
    ],
)
def test_it_says_which_field_is_wrong_and_stores_nothing(
    coordinator, linked, changes, field, message
):
    with pytest.raises(ValidationError) as refused:
        _request(coordinator, **changes)
    errors = refused.value.message_dict
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert not PopulationEstimate.objects.exists()
    assert not Job.objects.exists()
    assert not CaseAccess.objects.exists()


def test_it_refuses_a_year_whose_records_are_not_all_linked(coordinator, linked, three):
    record(three[0], None)
    with pytest.raises(ValidationError) as refused:
        _request(coordinator)
    assert refused.value.message_dict["year"][0].startswith("1 case record of 2025 is not linked")
    assert not PopulationEstimate.objects.exists()
    assert not Job.objects.exists()


def test_it_keeps_a_data_reason_as_a_done_estimate_that_does_not_exist(
    coordinator, three, django_capture_on_commit_callbacks
):
    # The labour inspectorate's list shares nobody with the others.
    persons_with({(1, 0, 0): 30, (0, 1, 0): 20, (1, 1, 0): 12, (0, 0, 1): 15}, three)
    estimate = _done(coordinator, django_capture_on_commit_callbacks)
    assert estimate.status == EstimateStatus.DONE
    assert estimate.result["exists"] is False
    assert estimate.result["reason"] == "isolated_list"
    assert "Labour" in estimate.result["reason_detail"]
    assert estimate.result["estimate"] is None
    assert Job.objects.get().result["message"] == (
        "No estimate of hidden victims exists for 2025 with these lists."
    )


def test_it_keeps_a_failure_with_its_error_and_fails_the_job(
    coordinator, linked, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("numerical trouble")

    monkeypatch.setattr(services, "estimate_population", broken)
    estimate = _done(coordinator, django_capture_on_commit_callbacks)
    assert estimate.status == EstimateStatus.FAILED
    assert estimate.error == "The computation failed unexpectedly (logged)."
    assert estimate.result == {}
    assert estimate.finished_at is not None
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "The computation failed unexpectedly (logged)."


def test_it_computes_a_failed_estimate_again_when_its_job_is_retried(
    coordinator, linked, django_capture_on_commit_callbacks, monkeypatch
):
    real = services.estimate_population
    monkeypatch.setattr(services, "estimate_population", lambda *a, **k: 1 / 0)
    estimate = _done(coordinator, django_capture_on_commit_callbacks)
    assert estimate.status == EstimateStatus.FAILED
    monkeypatch.setattr(services, "estimate_population", real)
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=Job.objects.get(), user=coordinator)
    estimate.refresh_from_db()
    assert (estimate.status, estimate.error) == (EstimateStatus.DONE, "")
    assert estimate.result["exists"] is True
    assert Job.objects.get().status == JobStatus.DONE


def test_it_computes_at_once_when_asked(coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    assert estimate.status == EstimateStatus.DONE
    assert estimate.result["exists"] is True
    assert not Job.objects.exists()


# --- Publishing ----------------------------------------------------------------------------------


def test_it_publishes_a_done_estimate_of_an_ended_year(coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    published = services.estimate_publish(user=coordinator, estimate=estimate)
    assert published.published_at is not None
    assert published.published_by == coordinator
    assert CaseAccess.objects.filter(action="publish", target=f"estimate {estimate.pk}").exists()
    services.estimate_unpublish(user=coordinator, estimate=published)
    published.refresh_from_db()
    assert published.published_at is None


def test_it_publishes_one_estimate_a_year(coordinator, linked):
    first = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    second = services.estimate_now(
        user=coordinator, year=2025, lists=LISTS, bootstrap=0, method="stepwise"
    )
    services.estimate_publish(user=coordinator, estimate=first)
    services.estimate_publish(user=coordinator, estimate=second)
    first.refresh_from_db()
    assert first.published_at is None
    assert selectors.published_estimate_for_year(2025) == second


def test_it_publishes_nothing_that_is_not_a_finished_existing_estimate(
    coordinator, linked, three, django_capture_on_commit_callbacks
):
    queued = _request(coordinator)
    with pytest.raises(ValidationError, match="Only a finished estimate"):
        services.estimate_publish(user=coordinator, estimate=queued)
    PopulationEstimate.objects.all().delete()
    persons_with({(0, 0, 1): 9}, three, year=2024)  # the labour list of 2024 shares nobody
    persons_with({(1, 1, 0): 9}, three, year=2024)
    missing = services.estimate_now(user=coordinator, year=2024, lists=LISTS, bootstrap=0)
    assert missing.result["exists"] is False
    with pytest.raises(ValidationError, match="nothing to publish"):
        services.estimate_publish(user=coordinator, estimate=missing)
    running_year = datetime.date.today().year
    persons_with(HISTORIES, three, year=running_year)
    current = services.estimate_now(user=coordinator, year=running_year, lists=LISTS, bootstrap=0)
    with pytest.raises(ValidationError, match="a year that has ended"):
        services.estimate_publish(user=coordinator, estimate=current)
    assert not PopulationEstimate.objects.filter(published_at__isnull=False).exists()


@pytest.mark.parametrize("role", ["viewer", "reporter_a", "case_officer_a"])
def test_it_lets_only_the_coordinator_publish(role, request, coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.estimate_publish(user=user, estimate=estimate)
    services.estimate_publish(user=coordinator, estimate=estimate)
    with pytest.raises(PermissionDenied):
        services.estimate_unpublish(user=user, estimate=estimate)


# --- Reading -----------------------------------------------------------------------------------


def test_it_shows_viewers_published_estimates_only_and_audits_every_read(
    coordinator, viewer, linked
):
    hidden = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    shown = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    services.estimate_publish(user=coordinator, estimate=shown)
    CaseAccess.objects.all().delete()

    assert {e.pk for e in selectors.estimates_for_user(coordinator)} == {hidden.pk, shown.pk}
    assert [e.pk for e in selectors.estimates_for_user(viewer)] == [shown.pk]
    assert selectors.get_estimate_for_user(viewer, shown.pk) == shown
    with pytest.raises(Http404):
        selectors.get_estimate_for_user(viewer, hidden.pk)
    audit = list(
        CaseAccess.objects.order_by("pk").values_list("user__username", "action", "target")
    )
    assert audit == [
        ("coordinator", "estimate", "estimates"),
        ("viewer", "estimate", "published estimates"),
        ("viewer", "estimate", f"estimate {shown.pk}"),
        ("viewer", "refused", f"404 estimate {hidden.pk}"),
    ]


@pytest.mark.parametrize(
    "role", ["reporter_a", "approver_a", "case_officer_a", "user_manager_a", "administrator"]
)
def test_it_refuses_every_agency_role_and_audits_it(role, request, coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=0)
    services.estimate_publish(user=coordinator, estimate=estimate)
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        selectors.estimates_for_user(user)
    with pytest.raises(PermissionDenied):
        selectors.get_estimate_for_user(user, estimate.pk)
    refused = CaseAccess.objects.filter(user=user).values_list("action", "target")
    assert list(refused.order_by("pk")) == [
        ("refused", "403 estimates"),
        ("refused", f"403 estimate {estimate.pk}"),
    ]


def test_it_rounds_and_protects_what_a_viewer_sees(coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=50)
    true = selectors.estimate_figures(estimate, full=True)
    shown = selectors.estimate_figures(estimate, full=False)
    assert true["estimate"] == estimate.result["estimate"]
    assert shown["estimate"] == rules.publication_round(true["estimate"])
    assert shown["ci_low"] == rules.publication_round(true["ci_low"])
    assert shown["rounded"] is True
    assert all(a["bic"] is None for a in shown["alternatives"])
    assert any(a["bic"] is not None for a in true["alternatives"])
    assert shown["overlaps"]["protected"] is True
    triple = next(h for h in shown["overlaps"]["histories"] if h["history"] == [1, 1, 1])
    assert triple == {"history": [1, 1, 1], "lists": ["Police", "Shelter", "Labour"],
                      "persons": None, "withheld": True}  # fmt: skip
    assert [c["code"] for c in shown["caveats"]] == [
        "closed_population",
        "dependence",
        "heterogeneity",
        "linkage",
        "definitions",
    ]


# --- The rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "published"),
    [
        (2483, 2500),
        (25_311, 25_000),
        (345, 350),
        (344.9, 340),
        (47.5, 50),
        (73, 70),
        (7.4, 10),
        (1_049, 1_000),
    ],
)
def test_it_rounds_an_estimate_to_two_significant_figures(x, published):
    assert rules.publication_round(x) == published


def test_it_rounds_a_published_estimate_to_tens_at_least():
    # Two significant figures are the unit below 100: 73 was published as 73.
    assert [rules.publication_round(x) for x in (72.9, 56.4, 99.4, 3)] == [70, 60, 100, 10]


def test_it_gives_a_figure_per_100000_residents():
    assert rules.per_100k(2500, 2_985_000) == pytest.approx(83.752, abs=0.001)
    assert rules.per_100k(2500, None) is None
    assert rules.per_100k(None, 2_985_000) is None


def _determined(counts, shown) -> list[object]:
    """The withheld positive counts that the published histories, list sizes and total fix (an
    independent rank test with numpy): x_i is fixed iff its unit vector is in the row space of
    the equations (total = sum of its histories) restricted to the withheld counts."""
    width = len(shown.lists)
    histories = rules.every_history(width)
    sizes = dict(shown.list_sizes)
    totals = [("observed", shown.observed, sum(counts.values()), histories)]
    totals += [
        (
            name,
            sizes[name],
            sum(n for h, n in counts.items() if h[i]),
            [h for h in histories if h[i]],
        )
        for i, name in enumerate(shown.lists)
    ]
    unknowns: list[object] = [h for h, c in shown.histories if c.withheld and counts[h] > 0]
    unknowns += [name for name, count, true, _parts in totals if count.withheld and true > 0]
    if not unknowns:
        return []
    column = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for name, _count, _true, parts in totals:
        row = np.zeros(len(unknowns))
        if name in column:
            row[column[name]] = -1
        for history in parts:
            if history in column:
                row[column[history]] = 1
        rows.append(row)
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    fixed = []
    for key, i in column.items():
        unit = np.zeros(len(unknowns))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            fixed.append(key)
    return fixed


@pytest.mark.parametrize("seed", range(12))
def test_it_publishes_no_small_overlap_and_none_that_gives_one_back(seed):
    generator = np.random.default_rng(seed)
    width = int(generator.integers(3, 6))
    histories = rules.every_history(width)
    counts = {h: int(generator.choice([0, 0, 3, 8, 12, 25, 60])) for h in histories}
    lists = tuple(f"L{i}" for i in range(width))
    table = CaptureTable(lists=lists, counts={h: n for h, n in counts.items() if n})
    shown = rules.protected_overlaps(table)
    published = [c.persons for _h, c in shown.histories if not c.withheld]
    published += [c.persons for _n, c in shown.list_sizes if not c.withheld]
    published += [] if shown.observed.withheld else [shown.observed.persons]
    assert not any(is_sensitive(n) for n in published)
    for history, count in shown.histories:
        assert count.withheld or count.persons == counts[history]
    assert _determined(counts, shown) == []


# The demo's 2025 estimate (load-demo): four lists, nine overlaps withheld.
DEMO_LISTS = ("Law enforcement", "State services", "NGOs", "International")
DEMO_HISTORIES = {
    (1, 1, 1, 0): 3, (1, 1, 0, 1): 2, (1, 0, 1, 1): 2, (1, 1, 0, 0): 3, (1, 0, 1, 0): 3,
    (1, 0, 0, 1): 2, (0, 1, 1, 0): 6, (1, 0, 0, 0): 11, (0, 1, 0, 0): 5, (0, 0, 1, 0): 13,
    (0, 0, 0, 1): 2,
}  # fmt: skip


def _tables_a_viewer_cannot_tell_apart(shown) -> Iterator[dict[tuple[int, ...], int]]:
    """Every table that agrees with the protected overlaps a viewer sees (each withheld count
    at least 1, the list sizes and the total shown) and gives, model by model, the estimates the
    viewer sees as published."""
    overlaps = shown["overlaps"]
    lists = tuple(overlaps["lists"])
    known = {tuple(h["history"]): h["persons"] for h in overlaps["histories"] if not h["withheld"]}
    unknown = [tuple(h["history"]) for h in overlaps["histories"] if h["withheld"]]
    # Each shown sum less its shown histories: what its withheld histories hold together. A sum
    # is the total (None) or a list's size (its index).
    shown_sums: list[tuple[int | None, int]] = [(None, shown["observed"])]
    shown_sums += [
        (i, entry["persons"])
        for i, entry in enumerate(overlaps["list_sizes"])
        if not entry["withheld"]
    ]

    def inside(history: tuple[int, ...], which: int | None) -> bool:
        return which is None or bool(history[which])

    owed = [
        (which, total - sum(n for h, n in known.items() if inside(h, which)))
        for which, total in shown_sums
    ]
    models = [(shown["model"], shown["estimate"])]
    models += [(a["terms"], a["estimate"]) for a in shown["alternatives"] if a["exists"]]

    def fill(index: int, chosen: list[int], left: list[int]) -> Iterator[list[int]]:
        if index == len(unknown):
            if not any(left):
                yield chosen
            return
        history = unknown[index]
        later = [sum(inside(h, which) for h in unknown[index + 1 :]) for which, _total in owed]
        for value in range(1, max(left) + 1):
            after = [
                rest - value if inside(history, which) else rest
                for (which, _total), rest in zip(owed, left, strict=True)
            ]
            if all(
                later_cells <= rest and (later_cells or rest == 0)
                for later_cells, rest in zip(later, after, strict=True)
            ):
                yield from fill(index + 1, [*chosen, value], after)

    for values in fill(0, [], [rest for _which, rest in owed]):
        counts = {**known, **dict(zip(unknown, values, strict=True))}
        table = CaptureTable(lists=lists, counts={h: n for h, n in counts.items() if n})
        for terms, published in models:
            fitted = estimate_population(table, method="fixed", model=terms)
            if fitted.estimate is None or published != max(
                rules.publication_round(fitted.estimate), shown["observed"]
            ):
                break
        else:
            yield counts


def test_it_shows_a_viewer_no_estimate_that_gives_back_a_withheld_overlap():
    """As a viewer of the demo's estimate: the twenty models considered, rounded to two
    significant figures, left one table that agreed with them (every withheld overlap given
    back); the chosen model's estimate alone, 73, gave back International only (2)."""
    table = CaptureTable(lists=DEMO_LISTS, counts=DEMO_HISTORIES)
    shown = rules.figures(estimate_population(table, method="bic"), table, full=False)
    assert shown["estimate"] == 70
    assert shown["alternatives"] == []
    withheld = [tuple(h["history"]) for h in shown["overlaps"]["histories"] if h["withheld"]]
    assert len(withheld) == 9
    seen: dict[tuple[int, ...], set[int]] = {history: set() for history in withheld}
    for counts in _tables_a_viewer_cannot_tell_apart(shown):
        for history in withheld:
            seen[history].add(counts[history])
        if all(len(values) > 1 for values in seen.values()):
            break
    assert {history: len(values) > 1 for history, values in seen.items()} == dict.fromkeys(
        withheld, True
    )


def test_it_keeps_the_seed_and_the_failed_samples_with_the_coordinator(coordinator, linked):
    estimate = services.estimate_now(user=coordinator, year=2025, lists=LISTS, bootstrap=20, seed=7)
    true = selectors.estimate_figures(estimate, full=True)
    shown = selectors.estimate_figures(estimate, full=False)
    assert (true["seed"], true["bootstrap"]) == (7, 20)
    assert true["bootstrap_failed"] is not None
    assert (shown["seed"], shown["bootstrap_failed"], shown["bootstrap"]) == (None, None, 20)
