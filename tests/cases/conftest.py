"""Files of case records as agencies send them, and a fixed linkage key."""

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from accounts.models import Role, User
from cases.services import cases_import
from tests import factories

HEADER = (
    "record_id,first_name,last_name,date_of_birth,sex,nationality,region,exploitation,"
    "identified_on,status"
)
LINKAGE_KEY = "the linkage key of the test deployment"


@pytest.fixture(autouse=True)
def _linkage_key(settings):
    settings.LINKAGE_KEY = LINKAGE_KEY


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def xlsx_file(*rows: Sequence[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS_A = (
    "A1,Анна,Хачатрян,1990-03-05,F,ARM,Yerevan,labour;sexual,2024-05-01,identified",
    "A2,Ashot,Grigoryan,1985,M,ARM,Shirak,labour,2025-02-10,presumed",
    "A3,,,,,,,,2025-03-01,",
)
ROWS_B = (
    "B1,Anna,Khachatryan,1990-05-03,F,ARM,Yerevan,sexual,2024-06-01,presumed",
    "B2,Олег,Петров,2001-11-20,M,RUS,Lori,begging,2025-01-15,identified",
)


@pytest.fixture
def case_officer_b(agency_b) -> User:
    """Reads and imports agency B's case records."""
    return factories.UserFactory.create(
        username="case_officer_b", agency=agency_b, roles=[Role.CASE_OFFICER]
    )


@pytest.fixture
def records_a(agency_a, case_officer_a):
    cases_import(agency=agency_a, file=csv_file(*ROWS_A), filename="a.csv", user=case_officer_a)


@pytest.fixture
def records_b(agency_b, case_officer_b):
    cases_import(agency=agency_b, file=csv_file(*ROWS_B), filename="b.csv", user=case_officer_b)
