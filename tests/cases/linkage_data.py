"""Case records for the linkage tests: generated persons with a known truth
(bench/cases_generator.py), pseudonymised with the import's own key derivation and stored
directly (the import is tested on its own)."""

import hashlib

from django.utils import timezone

from agencies.models import Agency
from bench.cases_generator import generate, pseudonymise
from cases.models import KEY_LENGTH, CaseRecord
from tests import factories

SECRET = "the linkage key of the linkage tests"


def store_generated(n_records: int, seed: int = 5) -> dict[int, object]:
    """Store about `n_records` generated records; return record pk -> true person."""
    rows = list(pseudonymise(generate(n_records, seed=seed), SECRET))
    agencies = {str(row["agency"]) for row in rows}
    by_code = {agency.code: agency for agency in Agency.objects.filter(code__in=agencies)}
    for code in sorted(agencies - by_code.keys()):
        by_code[code] = factories.AgencyFactory.create(code=code, name=f"Agency {code}")
    now = timezone.now()
    records = [
        CaseRecord(
            agency=by_code[str(row["agency"])],
            imported_at=now,
            exploitation=[row["exploitation"]] if row["exploitation"] else [],
            **{k: v for k, v in row.items() if k not in ("agency", "truth", "exploitation")},
        )
        for row in rows
    ]
    CaseRecord.objects.bulk_create(records, batch_size=1000)
    pks = dict(CaseRecord.objects.values_list("record_id", "pk"))
    return {pks[str(row["record_id"])]: row["truth"] for row in rows}


def record_with(agency: Agency, record_id: str, **fields: str) -> CaseRecord:
    """A record with the given categories, and keys made from the given labels: equal labels
    give equal keys, as equal names do."""
    for name, value in fields.items():
        if name.startswith("key_") and value and len(value) != KEY_LENGTH:
            fields[name] = hashlib.sha256(value.encode()).hexdigest()
    return CaseRecord.objects.create(
        agency=agency, record_id=record_id, imported_at=timezone.now(), **fields
    )
