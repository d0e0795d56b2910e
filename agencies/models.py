from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, hyphens and underscores, starting with a letter or digit."),
)


class AgencyType(models.TextChoices):
    STATE = "state", _("State body")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """A body that implements or reports on the plan. Agencies form one tree
    (national → regional → local) so that totals can roll up it."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    type = models.CharField(
        _("type"), max_length=20, choices=AgencyType.choices, default=AgencyType.STATE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    # The agency's approver signs its reports off before they go to the coordinator. Set by the
    # coordinator; `agencies.rules.default_requires_sign_off` gives the default by type.
    requires_sign_off = models.BooleanField(
        _("reports need the agency's approval"),
        default=False,
        help_text=_(
            "A reporter's report waits for one of the agency's approvers to approve it before it "
            "reaches the coordinator."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def label(self) -> str:
        return f"{self.code} – {self.short_name or self.name}"
