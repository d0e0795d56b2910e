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


class EncryptingWriter:
    """A sink to write into (a tar archive being made, say): what is written is encrypted
    chunk by chunk into `target`, exactly as encrypt_stream does; close() seals the last chunk
    (and leaves `target` open). A chunk is sealed only once more bytes follow it, so the last
    one is always the one flagged last."""

    def __init__(self, target: IO[bytes], keys: Keys, *, name: str) -> None:
        self._aead = AESGCM(keys.cipher)
        self._prefix = os.urandom(PREFIX)
        self._target = target
        self._name = name.encode()
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        target.write(MAGIC + self._prefix)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed EncryptingWriter")
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._number, last)
        self._target.write(self._aead.encrypt(nonce, chunk, self._name))
        self._number += 1


def encrypt_stream(source: IO[bytes], target: IO[bytes], keys: Keys, *, name: str) -> None:
    writer = EncryptingWriter(target, keys, name=name)
    while block := source.read(CHUNK):
        writer.write(block)
    writer.close()


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
