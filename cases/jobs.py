"""Case data's work for the worker (jobs.runner runs each function in one transaction, so a
failure keeps nothing half-done). See docs/cases.md.

- `link_new`: queued by every case import once it commits; links the records without a person
  against the persons there are, with the model of the last full run (incremental).
- `relink_all`: the full linkage, re-training the model; nightly (TIPMONITOR_SCHEDULE) and on
  demand (`tipmonitor link-cases`).
- `apply_decisions`: applies every review decision to the persons (each decision is applied
  when taken; this catches up those taken before, and is harmless to repeat).
- `estimate_population`: computes a population estimate the coordinator requested
  (cases.estimation.services.estimate_request) from the capture histories stored with it.

Arguments are codes only, never a value from a file.
"""

from django.utils.translation import gettext as _

from cases.estimation.services import estimate_run
from cases.linkage.decisions import decisions_apply
from cases.linkage.incremental import linkage_link_new
from cases.linkage.services import linkage_run
from cases.retention import cases_purge


def link_new(*, agency_code: str = "") -> dict[str, str]:
    """Link the new and changed records (after an import of `agency_code`). The message names
    no count: the job's requester may be an agency's case officer, and how many of their
    records joined persons (another agency's, perhaps) or how many persons there are is for
    the coordinator's linkage page, under disclosure control (docs/disclosure.md)."""
    linkage_link_new(agency_code=agency_code)
    return {"message": _("The imported records are linked.")}


def relink_all(*, engine: str = "duckdb") -> dict[str, str]:
    """Link every record afresh, training the model again."""
    run = linkage_run(engine_name=engine)
    return _full_message(run.records, run.persons)


def apply_decisions() -> dict[str, str]:
    done = decisions_apply()
    return {
        "message": _(
            "Decisions applied: %(merged)d merges, %(split)d splits, %(refused)d merges "
            'refused by a "different persons" decision.'
        )
        % done
    }


def estimate_population(*, estimate_id: int) -> dict[str, object]:
    """Compute the estimate `estimate_id` (multiple systems estimation, issue 13). The
    message says whether an estimate exists, never a count: the figures are on the estimate's
    page, for the coordinator (and, once published, rounded for viewers)."""
    estimate = estimate_run(estimate_id)
    if estimate.result.get("exists"):
        message = _("The estimate of hidden victims for %(year)d is ready.")
    else:
        message = _("No estimate of hidden victims exists for %(year)d with these lists.")
    return {"message": message % {"year": estimate.year}, "estimate_id": estimate.pk}


def _full_message(records: int, persons: int) -> dict[str, str]:
    return {
        "message": _("All %(records)d records linked afresh into %(persons)d persons.")
        % {"records": records, "persons": persons}
    }


def purge_expired() -> dict[str, object]:
    """Purge the case records past retention (cases/retention.py); daily (TIPMONITOR_SCHEDULE)."""
    result = cases_purge()
    return {
        "message": _(
            "Retention: %(records)d case records purged (persons last identified before "
            "%(cutoff)s)."
        )
        % {"records": result.records, "cutoff": result.cutoff.isoformat()},
        "records": result.records,
        "frozen_years": result.frozen,
    }
