from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    REPORTER = "reporter", _("Agency reporter")
    APPROVER = "approver", _("Agency approver")
    VIEWER = "viewer", _("Viewer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Reads and imports its own agency's victims' case records; granted by the coordinator only.
    CASE_OFFICER = "case_officer", _("Case records officer")
    # Invites and manages the users of their own agency (never roles that read case data).
    USER_MANAGER = "user_manager", _("Agency user manager")


class User(AbstractUser):
    """A person who signs in. Belongs to one agency (the secretariat, for coordinators)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # A machine client of an agency (a DHIS2 job, a script): no password, never signs in on a
    # page, reaches the API only through the tokens the coordinator gives it.
    is_service_account = models.BooleanField(_("service account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role) -> bool:
        """Whether a role is granted, active or not: for listing and granting. Who may do
        what is asked of `accounts.permissions`, which also refuses inactive users."""
        # Cached per request object so templates and getters can ask repeatedly for free.
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = frozenset(self.role_grants.values_list("role", flat=True))
        return role in self._roles_cache

    @property
    def display_name(self) -> str:
        """How pages, documents and e-mails name the user: the full name, else the username."""
        return self.get_full_name() or self.get_username()

    @property
    def is_coordinator(self) -> bool:
        from accounts import permissions  # permissions reads this module's Role

        return permissions.is_coordinator(self)


class RoleGrant(models.Model):
    """One role held by one user; a user may hold several (reporter and approver, say)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class LoginFailure(models.Model):
    """A failed password attempt, kept for the lockout window (ASVS 2.2.1)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"


class ActivationChannel(models.TextChoices):
    PRINTED = "printed", _("Given by an administrator")
    INVITATION = "invitation", _("E-mailed invitation link")


class ActivationCode(models.Model):
    """A one-time secret that lets a signed-in user enrol their first authenticator app.

    Without it the password alone would enrol the holder's device (ASVS 2.7.1): the code is
    given with the account (printed by `add-user` and `reset-2fa`) or carried by the link of an
    e-mailed invitation, which is why it is found by its hash alone. Only the SHA-256 of the
    code is kept; it works once and until `expires_at`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=ActivationChannel.choices,
        default=ActivationChannel.PRINTED,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%Y-%m-%d %H:%M}"


class SecurityEventKind(models.TextChoices):
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_WITHDRAWN = "role_withdrawn", _("Role withdrawn")
    ROLE_REFUSED = "role_refused", _("Role refused")
    INVITED = "invited", _("Invited")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TOKEN_REFUSED = "token_refused", _("API token refused")
    SERVICE_ACCOUNT_CREATED = "service_account_created", _("Service account created")


# What people read for the usual `via` values (the audit page, the coordinators' e-mail); any
# other value is shown as stored.
VIA_LABELS = {
    "admin": _("the administration site"),
    "command": _("the command line"),
    "page": _("the people pages"),
    "import": _("a list of users imported"),
    "migration": _("an upgrade of TIP Monitor"),
    "tokens": _("the API tokens page"),
    "api": _("the JSON API"),
}


class SecurityEvent(models.Model):
    """A change to who may do what (ASVS 7.1.3, 7.2.2), kept apart from the case audit so that
    accounts depends on no domain app; the coordinator reads both on the audit page."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events_done",
    )
    subject = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="security_events",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # How it was done: "admin", "command", a service's name; never a secret.
    via = models.CharField(_("through"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} {self.role}"

    @property
    def via_label(self) -> str:
        return str(VIA_LABELS.get(self.via, self.via))


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    # Read, and post values (the allowlist in accounts.permissions.TOKEN_WRITABLE_PATHS).
    READ_WRITE_VALUES = "read_write_values", _("Read and write values")


class ApiToken(models.Model):
    """A personal API token (docs/api.md, "Signing in"): `tipm_<prefix>_<secret>`, shown once.

    Only the SHA-256 of the secret is kept (the secret is 256 random bits, so a fast hash
    suffices: nothing to guess); the prefix is public and finds the row, then the hashes are
    compared in constant time. A token acts as its user within its scope, until it expires or
    is revoked; tokens never read case records.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens_created",
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (tipm_{self.prefix}_…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
