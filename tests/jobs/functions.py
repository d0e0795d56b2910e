"""Job functions for the tests: plain module-level functions, as the domain's are."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from agencies.models import Agency


def make_agency(*, code: str) -> dict:
    agency = Agency.objects.create(code=code, name=f"Agency {code}")
    return {"url": f"/agencies/{agency.pk}/", "text": agency.name, "message": "Made."}


def make_agency_then_refuse(*, code: str) -> None:
    """Writes in one transaction of its own, as job functions do (docs/worker.md)."""
    with transaction.atomic():
        Agency.objects.create(code=code, name=f"Agency {code}")
        raise ValidationError("The plan has no indicators for 2025.")


def make_agency_then_crash(*, code: str) -> None:
    with transaction.atomic():
        Agency.objects.create(code=code, name=f"Agency {code}")
        raise RuntimeError("secret internal detail")


def count(*, n: int) -> int:
    return n


def evil_link() -> dict:
    return {"url": "javascript:alert(1)", "text": "Click"}


not_callable = 42


def refuse_in_django_words() -> None:
    raise ValidationError(gettext("This field is required."))
