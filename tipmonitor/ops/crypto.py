"""Encryption of backup files: AES-256-GCM over 1 MiB chunks, so a dump of any size streams
through in bounded memory and every chunk is authenticated before a byte of it is used.

The nonce of a chunk is a random prefix of the file, the chunk's number and a flag for the last
chunk (the STREAM construction): chunks cannot be reordered, dropped or cut off at the end
without the check failing. The file's name is authenticated with every chunk, so files of a
backup cannot be swapped. Keys come from the operator's secret through scrypt with a salt of
the backup, so a passphrase works as well as a random key.
"""

import hashlib
import hmac
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"TIPMBAK1"
CHUNK = 1024 * 1024
TAG = 16
PREFIX = 7
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_KEY_CHECK = b"tipmonitor backup key check"


class DecryptionError(ValueError):
    """The file is not what was encrypted with this key: tampered, cut off or another key."""


@dataclass(frozen=True)
class Keys:
    cipher: bytes
    mac: bytes

    def key_check(self) -> str:
        """A value the manifest keeps to tell a wrong key from a tampered file, before
        anything is decrypted."""
        return hmac.new(self.mac, _KEY_CHECK, hashlib.sha256).hexdigest()

    def sign(self, data: bytes) -> str:
        return hmac.new(self.mac, data, hashlib.sha256).hexdigest()


def derive_keys(secret: str, salt: bytes, *, n: int, r: int, p: int) -> Keys:
    material = hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=64
    )
    return Keys(cipher=material[:32], mac=material[32:])


def new_salt() -> bytes:
    return os.urandom(16)


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _chunks(source: IO[bytes], size: int) -> Iterator[tuple[bytes, bool]]:
    """The chunks of `source` with a flag on the last one (an empty source is one empty
    chunk, so even it is authenticated)."""
    current = source.read(size)
    while True:
        following = source.read(size)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_stream(source: IO[bytes], target: IO[bytes], keys: Keys, *, name: str) -> None:
    aead = AESGCM(keys.cipher)
    prefix = os.urandom(PREFIX)
    target.write(MAGIC + prefix)
    for number, (chunk, last) in enumerate(_chunks(source, CHUNK)):
        target.write(aead.encrypt(_nonce(prefix, number, last), chunk, name.encode()))


def decrypt_stream(source: IO[bytes], target: IO[bytes], keys: Keys, *, name: str) -> None:
    """Decrypt `source` into `target`; DecryptionError when any chunk fails its check (what
    was written to `target` by then must be thrown away by the caller)."""
    header = source.read(len(MAGIC) + PREFIX)
    if len(header) != len(MAGIC) + PREFIX or not header.startswith(MAGIC):
        raise DecryptionError(f"{name}: not an encrypted backup file.")
    aead, prefix = AESGCM(keys.cipher), header[len(MAGIC) :]
    for number, (chunk, last) in enumerate(_chunks(source, CHUNK + TAG)):
        try:
            target.write(aead.decrypt(_nonce(prefix, number, last), chunk, name.encode()))
        except InvalidTag:
            raise DecryptionError(
                f"{name}: chunk {number + 1} fails its check (tampered or cut off)."
            ) from None
