"""Writes about accounts: lockout, the second factor, users and their roles."""

from accounts.services.lockout import (
    login_attempt_begin,
    login_attempt_discard,
    login_attempt_succeeded,
    login_failures_clear,
    login_is_locked,
)
from accounts.services.second_factor import (
    WAIT_MESSAGE,
    WRONG_ACTIVATION_MESSAGE,
    WRONG_CODE_MESSAGE,
    activation_code_issue,
    activation_code_redeem,
    second_factor_verify,
    totp_device_confirm,
    user_second_factor_reset,
)
from accounts.services.users import (
    CASE_READING_ROLES,
    SELF_GRANT_MESSAGE,
    role_grant,
    role_withdraw,
    user_create,
)

__all__ = [
    "CASE_READING_ROLES",
    "SELF_GRANT_MESSAGE",
    "WAIT_MESSAGE",
    "WRONG_ACTIVATION_MESSAGE",
    "WRONG_CODE_MESSAGE",
    "activation_code_issue",
    "activation_code_redeem",
    "login_attempt_begin",
    "login_attempt_discard",
    "login_attempt_succeeded",
    "login_failures_clear",
    "login_is_locked",
    "role_grant",
    "role_withdraw",
    "second_factor_verify",
    "totp_device_confirm",
    "user_create",
    "user_second_factor_reset",
]
