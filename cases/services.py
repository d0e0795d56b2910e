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


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    linkage_queued: bool


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
    queued = _queue_linkage()
    # Counts and codes only: a log line must never carry a value from the file.
    logger.info(
        "case import agency=%s created=%d updated=%d", agency.code, len(created), len(updated)
    )
    return ImportResult(
        created=len(created),
        updated=len(updated),
        unchanged=len(rows) - len(created) - len(updated),
        linkage_queued=queued,
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


def _store(
    agency: Agency, rows: list[CaseRow], user: User
) -> tuple[list[CaseRecord], list[CaseRecord]]:
    stored = {record.record_id: record for record in CaseRecord.objects.filter(agency=agency)}
    now = timezone.now()
    created: list[CaseRecord] = []
    updated: list[CaseRecord] = []
    for row in rows:
        values = {name: row.fields.get(name, default) for name, default in STORED_FIELDS.items()}
        record = stored.get(row.record_id)
        if record is None:
            created.append(
                CaseRecord(
                    agency=agency, record_id=row.record_id, imported_by=user, imported_at=now,
                    **values,
                )
            )  # fmt: skip
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.imported_by, record.imported_at, record.updated_at = user, now, now
            updated.append(record)
    CaseRecord.objects.bulk_create(created, batch_size=BATCH)
    changed = [*STORED_FIELDS, "imported_by", "imported_at", "updated_at"]
    CaseRecord.objects.bulk_update(updated, changed, batch_size=BATCH)
    return created, updated


def _queue_linkage() -> bool:
    """Queue the linkage of all records once the import is committed, so that it sees the new
    records; once per transaction, however many files it imports (the demo imports ten)."""
    connection = transaction.get_connection()
    if not any(entry[1] is _link_cases for entry in connection.run_on_commit):
        transaction.on_commit(_link_cases)
    return True


def _link_cases() -> None:
    # Imported here: the linkage writes its audit through this module (a circular import).
    from cases.tasks import link_cases

    link_cases.enqueue()
