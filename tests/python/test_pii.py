"""Email hashes are HMAC-SHA256 under a secret key (computed here with Python's hmac, not the
SQL); the key comes from PII_HASH_SALT, or a 0600 key file generated once and reused, and the
sample keeps a fixed key."""

from __future__ import annotations

import hashlib
import hmac
import stat

from salesdw.pii import SAMPLE_KEY, hash_key, hmac_pads

from .conftest import SAMPLE_DIR, query


def expected_hash(key: str, email: str) -> str:
    return hmac.new(key.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()


def test_user_email_hashes_are_hmac_sha256_with_the_key(sample_warehouse):
    rows = query(
        sample_warehouse,
        "select users.user_id, raw_users.email, users.email_hash from core.dim_users as users "
        "inner join staging.stg_crm__users as raw_users on users.user_id = raw_users.user_id",
    )
    assert rows
    for user_id, email, email_hash in rows:
        if email is None:
            assert email_hash is None, user_id
        else:
            assert email_hash == expected_hash(SAMPLE_KEY, email), user_id


def test_contact_email_hashes_are_hmac_sha256_with_the_key(sample_warehouse):
    rows = query(
        sample_warehouse,
        "select contacts.email, dim.email_hash from core.dim_contacts as dim "
        "inner join staging.stg_crm__contacts as contacts on dim.contact_id = contacts.contact_id "
        "where contacts.email is not null limit 200",
    )
    assert rows
    assert all(email_hash == expected_hash(SAMPLE_KEY, email) for email, email_hash in rows)


def test_hmac_pads_match_pythons_hmac():
    inner, outer = hmac_pads("k" * 100)  # a key longer than a block is hashed first
    message = b"ann@x.com"
    manual = hashlib.sha256(
        bytes.fromhex(outer) + hashlib.sha256(bytes.fromhex(inner) + message).digest()
    ).hexdigest()
    assert manual == hmac.new(b"k" * 100, message, hashlib.sha256).hexdigest()


def test_key_from_the_environment_else_the_sample_key_else_a_private_key_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SALESDW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PII_HASH_SALT", "from-env")
    assert hash_key(tmp_path) == "from-env"
    monkeypatch.delenv("PII_HASH_SALT")
    assert hash_key(SAMPLE_DIR) == SAMPLE_KEY
    key = hash_key(tmp_path / "export")
    key_file = tmp_path / "config" / "pii_hash_salt"
    assert len(key) == 64 and key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert hash_key(tmp_path / "other_export") == key  # reused: hashes stay stable


def test_a_second_load_arriving_while_the_key_is_written_gets_the_same_whole_key(tmp_path, monkeypatch):
    """Two first loads at once (parallel test workers): a second load that arrives while the
    first is writing the key file must get the same whole key, never an empty one."""
    from salesdw import pii

    path = tmp_path / "config" / "pii_hash_salt"
    second: list[str] = []
    arrived: list[bool] = []
    real_fdopen = pii.os.fdopen

    def second_load_arrives(fd, *args, **kwargs):  # the moment between create and write
        if not arrived:
            arrived.append(True)
            second.append(pii._read_or_create_key_file(path))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(pii.os, "fdopen", second_load_arrives)
    first = pii._read_or_create_key_file(path)
    assert len(first) == 64 and second == [first]
    assert path.read_text().strip() == first and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["pii_hash_salt"]
