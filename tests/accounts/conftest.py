import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests sign in by password dozens of times; the production hasher is slow on
    purpose (ASVS 2.4) and would make them take minutes. What is tested here is who gets in,
    not how hashes are made."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
