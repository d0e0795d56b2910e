"""Writes about agencies: the coordinator adds and corrects them.

Both services validate everything themselves (code format and uniqueness, a parent that does not
make the tree loop), so a caller that skips the form cannot store a broken tree.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agencies import rules
from agencies.models import Agency

PARENT_CYCLE_MESSAGE = rules.PARENT_CYCLE_MESSAGE  # the rule's own words (agencies/rules.py)
CODE_TAKEN_MESSAGE = _("Another agency already has the code “%(code)s”.")


def agency_parent_error(*, agency: Agency | None, parent: Agency | None) -> ValidationError | None:
    """Why `parent` cannot be `agency`'s parent, or None when it can."""
    if agency is None or agency.pk is None or parent is None:
        return None
    parent_of = dict(Agency.objects.values_list("pk", "parent_id"))
    if message := rules.parent_error(agency.pk, parent.pk, parent_of):
        return ValidationError(message, code="cycle")
    return None


def agency_code_error(*, code: str, agency: Agency | None = None) -> ValidationError | None:
    """Codes are compared without regard to case, as the workbook import matches them."""
    others = Agency.objects.filter(code__iexact=code)
    if agency is not None and agency.pk is not None:
        others = others.exclude(pk=agency.pk)
    if others.exists():
        return ValidationError(CODE_TAKEN_MESSAGE, code="unique", params={"code": code})
    return None


def _validate_and_save(agency: Agency) -> Agency:
    errors: dict[str, list[ValidationError]] = {}
    code_error = agency_code_error(code=agency.code, agency=agency)
    if code_error:
        errors["code"] = [code_error]
    parent_error = agency_parent_error(agency=agency, parent=agency.parent)
    if parent_error:
        errors["parent"] = [parent_error]
    try:
        agency.full_clean(validate_unique=False)  # the case-blind check above is stricter
    except ValidationError as error:
        for field_name, messages in error.error_dict.items():
            errors.setdefault(field_name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    agency.save()
    return agency


@transaction.atomic
def agency_create(
    *,
    code: str,
    name: str,
    short_name: str = "",
    type: str,
    parent: Agency | None = None,
    email: str = "",
    requires_sign_off: bool | None = None,
) -> Agency:
    """A new agency; `requires_sign_off` None takes the default for its type (state bodies
    sign their reports off, `agencies.rules.default_requires_sign_off`)."""
    if requires_sign_off is None:
        requires_sign_off = rules.default_requires_sign_off(type)
    agency = Agency(
        code=code.strip(),
        name=name.strip(),
        short_name=short_name.strip(),
        type=type,
        parent=parent,
        email=email.strip(),
        requires_sign_off=requires_sign_off,
    )
    return _validate_and_save(agency)


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    code: str,
    name: str,
    short_name: str = "",
    type: str,
    parent: Agency | None = None,
    email: str = "",
    requires_sign_off: bool | None = None,
) -> Agency:
    """Change an agency; `requires_sign_off` None leaves the setting as it is."""
    # Lock the row so two coordinators editing the same agency do not interleave.
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    agency.code = code.strip()
    agency.name = name.strip()
    agency.short_name = short_name.strip()
    agency.type = type
    agency.parent = parent
    agency.email = email.strip()
    if requires_sign_off is not None:
        agency.requires_sign_off = requires_sign_off
    return _validate_and_save(agency)
