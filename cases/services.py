"""Writes of case data: importing an agency's file of records (`cases_import`) and the audit of
every read and write (`case_access_record`), see docs/cases.md.

An import is all or nothing. Names and birth dates are turned into linkage keys while the file
is read (cases.importing) and exist nowhere else: the upload is read from memory, never saved,
and no error, log line or audit row carries a value from the file but codes and record ids.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from agencies.models import Agency
from cases.importing import CaseRow, file_invalid, parse_rows, read_records
from cases.models import CaseAccess, CaseRecord, DatePrecision, TraffickingStatus
from jobs.models import Job
from jobs.services import job_enqueue
from tipmonitor.lib.pseudonyms import GRAM_FIELDS, KEY_FIELDS

logger = logging.getLogger(__name__)

# What the audit calls each kind of access; other parts of the app add their own.
ACTION_IMPORT = "import"
ACTION_LIST = "list"
ACTION_DETAIL = "detail"
ACTION_AUDIT = "audit"
ACTION_REFUSED = "refused"

# Every field an import sets, with its value when the file leaves the cell empty or lacks the
# column: the agency's file is its whole record, so a re-import clears what it no longer holds.
STORED_FIELDS: dict[str, object] = {
    "identified_on": None,
    "status": TraffickingStatus.PRESUMED,
    "status_decided_by": "",
    "sex": "",
    "age_at_exploitation": None,
    "birth_date_precision": DatePrecision.UNKNOWN,
    "nationality": "",
    "country_of_exploitation": "",
    "region": "",
    "exploitation": [],
    "means_of_control": [],
    "recruiter_relationship": "",
    "referral_stage": "",
    "services": [],
    "consent_to_share": None,
    **dict.fromkeys(KEY_FIELDS, ""),
    **{name: [] for name in GRAM_FIELDS},
}
BATCH = 1000
# Records read back a chunk at a time by the import (the ids of this many rows in one query).
FETCH = 2000
# What linkage reads of a record: a re-import that changes one of these links it again.
LINKED_FIELDS = (*KEY_FIELDS, *GRAM_FIELDS, "sex", "nationality", "region", "exploitation")
# What the linkage jobs are filed under: the upload page lists them by it.
LINKAGE_SUBJECT = "cases:linkage"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    # The linkage of the agency's records, queued for the worker once the import commits.
    linkage_job: Job


def case_access_record(*, user: User | None, action: str, target: str, records: int) -> CaseAccess:
    """Audit one access to case data. `target` says what (a record, a list with its filters):
    codes and record ids only, never a value that could identify a person."""
    return CaseAccess.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        at=timezone.now(),
        action=action,
        target=target[:400],
        records=records,
    )


def case_access_refused(*, user: User | None, target: str, status: int) -> CaseAccess:
    """Audit a refused read of case records (403: a role without case access; 404: another
    agency's record, or none): who tried to read what is as telling as what was read."""
    return case_access_record(
        user=user, action=ACTION_REFUSED, target=f"{status} {target}", records=0
    )


@transaction.atomic
def cases_import(
    *,
    agency: Agency,
    file: bytes | Path | str,
    filename: str,
    user: User,
    secret: str | bytes | None = None,
) -> ImportResult:
    """Import an agency's CSV or XLSX file of case records (clear or pseudonymised), updating
    records by the agency's record id. CasesInvalid lists every error; nothing is stored then.
    `secret` is the linkage key (default: settings.LINKAGE_KEY)."""
    if not permissions.may_import_cases(user, agency):
        raise PermissionDenied(_("You may not import case records for this agency."))
    secret = secret or settings.LINKAGE_KEY
    if not secret:
        raise ImproperlyConfigured("LINKAGE_KEY is empty: case records cannot be keyed.")
    _suffix, records = read_records(data=_file_bytes(file), name=filename)
    rows = parse_rows(records, secret=secret)
    del records  # the cells with the clear names; only keys go on from here
    created, updated = _store(agency, rows, user)
    case_access_record(user=user, action=ACTION_IMPORT, target=agency.code, records=len(rows))
    job = _queue_linkage(agency, user)
    # Counts and codes only: a log line must never carry a value from the file.
    logger.info("case import agency=%s created=%d updated=%d", agency.code, created, updated)
    return ImportResult(
        created=created,
        updated=updated,
        unchanged=len(rows) - created - updated,
        linkage_job=job,
    )


def _file_bytes(file: bytes | Path | str) -> bytes:
    if isinstance(file, bytes):
        return file
    try:
        return Path(file).read_bytes()
    except OSError as error:
        raise file_invalid(
            _("the file cannot be read (%(reason)s).") % {"reason": error.strerror}
        ) from None


def _store(agency: Agency, rows: list[CaseRow], user: User) -> tuple[int, int]:
    """Add the file's new records and overwrite its changed ones; return how many of each.

    Only the records the file names are read, a chunk at a time and only the fields an import
    sets, so the memory an import takes follows the file, not the agency's table. A record
    changed in what linkage reads loses its person: the linkage job queued after the import
    links it again (cases/linkage/incremental.py)."""
    now = timezone.now()
    names = list(STORED_FIELDS)
    created = updated = 0
    for start in range(0, len(rows), FETCH):
        chunk = rows[start : start + FETCH]
        stored = {
            found[0]: found[1:]
            for found in CaseRecord.objects.filter(
                agency=agency, record_id__in=[row.record_id for row in chunk]
            ).values_list("record_id", "pk", "person_id", "match_probability", *names)
        }
        new: list[CaseRecord] = []
        changed: list[CaseRecord] = []
        for row in chunk:
            values = {
                name: row.fields.get(name, default) for name, default in STORED_FIELDS.items()
            }
            found = stored.get(row.record_id)
            if found is None:
                new.append(
                    CaseRecord(
                        agency=agency, record_id=row.record_id, imported_by=user, imported_at=now,
                        **values,
                    )
                )  # fmt: skip
                continue
            pk, person_id, probability, *old = found
            old_values = dict(zip(names, old, strict=True))
            if old_values == values:
                continue
            if any(old_values[name] != values[name] for name in LINKED_FIELDS):
                person_id, probability = None, None
            changed.append(
                CaseRecord(
                    pk=pk, agency=agency, record_id=row.record_id, person_id=person_id,
                    match_probability=probability, imported_by=user, imported_at=now,
                    updated_at=now, **values,
                )
            )  # fmt: skip
        CaseRecord.objects.bulk_create(new, batch_size=BATCH)
        fields = [*names, "person", "match_probability", "imported_by", "imported_at"]
        CaseRecord.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=BATCH)
        created, updated = created + len(new), updated + len(changed)
    return created, updated


def _queue_linkage(agency: Agency, user: User) -> Job:
    """Queue the linkage of the agency's records against the existing persons (incremental,
    `cases.jobs.link_new`) for the worker, once the import is committed, so that it sees the
    new records. Its arguments are the agency's code only: nothing from the file."""
    return job_enqueue(
        function="cases.jobs.link_new",
        kwargs={"agency_code": agency.code},
        title=_("Linkage of the case records of %(agency)s") % {"agency": agency.code},
        user=user,
        subject=LINKAGE_SUBJECT,
    )
