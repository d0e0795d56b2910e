"""The encryption of backup files: what goes in comes out, and a chunk changed, dropped,
reordered, cut off or read with the wrong key or under another name fails its check."""

import io

import pytest

from tipmonitor.ops import crypto

SALT = bytes(16)
FAST = {"n": 2**10, "r": 8, "p": 1}


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 64)


KEY = "the key"


def _keys(passphrase: str = KEY) -> crypto.Keys:
    return crypto.derive_keys(passphrase, SALT, **FAST)


def _encrypt(data: bytes, name: str = "database.dump.enc") -> bytes:
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(data), out, _keys(), name=name)
    return out.getvalue()


def _decrypt(
    data: bytes, keys: crypto.Keys | None = None, name: str = "database.dump.enc"
) -> bytes:
    out = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(data), out, keys or _keys(), name=name)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 64 * 5, 64 * 5 + 7])
def test_it_returns_what_it_encrypted_at_every_chunk_boundary(size):
    data = bytes(range(256)) * 2
    data = data[:size]
    assert _decrypt(_encrypt(data)) == data


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 64 * 5, 64 * 5 + 7])
@pytest.mark.parametrize("piece", [1, 10, 64, 200])
def test_it_decrypts_what_was_written_to_it_piece_by_piece(size, piece):
    data = (bytes(range(256)) * 2)[:size]
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, _keys(), name="media.tar.enc")
    for start in range(0, size, piece):
        assert writer.write(data[start : start + piece]) == len(data[start : start + piece])
    writer.close()
    writer.close()  # a second close seals nothing more
    assert _decrypt(out.getvalue(), name="media.tar.enc") == data
    assert len(out.getvalue()) == len(_encrypt(data))  # the chunks of encrypt_stream
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"more")


HEADER = len(crypto.MAGIC) + crypto.PREFIX
SEALED = 64 + crypto.TAG


def _parts(data: bytes) -> tuple[bytes, list[bytes]]:
    body = data[HEADER:]
    return data[:HEADER], [body[i : i + SEALED] for i in range(0, len(body), SEALED)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda head, chunks: head + b"".join(chunks[:-1]),  # cut off at a chunk boundary
        lambda head, chunks: head + b"".join([chunks[1], chunks[0], *chunks[2:]]),  # reordered
        lambda head, chunks: head + b"".join([chunks[0], *chunks[2:]]),  # one dropped
        lambda head, chunks: head + b"".join(chunks)[:-1],  # last byte missing
        lambda head, chunks: head + bytes([chunks[0][0] ^ 1]) + b"".join(chunks)[1:],  # flipped
    ],
    ids=["truncated", "reordered", "dropped", "short", "flipped"],
)
def test_it_refuses_a_damaged_file(damage):
    head, chunks = _parts(_encrypt(b"x" * (64 * 3 + 10)))
    with pytest.raises(crypto.DecryptionError, match="fails its check"):
        _decrypt(damage(head, chunks))


def test_it_refuses_another_key_and_another_name():
    sealed = _encrypt(b"rows")
    with pytest.raises(crypto.DecryptionError):
        _decrypt(sealed, keys=_keys("another key"))
    with pytest.raises(crypto.DecryptionError):
        _decrypt(sealed, name="other.enc")


def test_it_refuses_a_file_that_was_never_encrypted():
    with pytest.raises(crypto.DecryptionError, match="not an encrypted backup file"):
        _decrypt(b"SQLite format 3\x00")


def test_it_tells_keys_apart_by_their_check_value():
    assert _keys("one").key_check() != _keys("two").key_check()
    assert _keys("one").key_check() == _keys("one").key_check()
