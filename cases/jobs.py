"""Case data's work for the worker (jobs.runner runs each function in one transaction, so a
failure keeps nothing half-done). See docs/cases.md.

- `link_new`: queued by every case import once it commits; links the records without a person
  against the persons there are, with the model of the last full run (incremental).
- `relink_all`: the full linkage, re-training the model; nightly (TIPMONITOR_SCHEDULE) and on
  demand (`tipmonitor link-cases`).
- `apply_decisions`: applies every review decision to the persons (each decision is applied
  when taken; this catches up those taken before, and is harmless to repeat).

Arguments are codes only, never a value from a file.
"""

from django.utils.translation import gettext as _

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
