"""The secret key of the email hashes (HMAC-SHA256): from PII_HASH_SALT, else a fixed key for
the committed sample, else one generated on first use into a 0600 file outside the repo
(~/.config/salesdw/pii_hash_salt, or $SALESDW_CONFIG_DIR) and reused by every later load.

The loader stores the key's HMAC pads in raw._pii_key, next to the raw emails it protects (the
engineers' file holds both anyway); staging reads them there, so no secret is ever written into
compiled SQL, and the BI file, which holds no raw schema, never sees the key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import duckdb

from salesdw.load_info import is_sample

PII_KEY_TABLE = "_pii_key"
SAMPLE_KEY = "sales-warehouse-sample"  # the sample's emails are synthetic: a fixed key is fine
BLOCK_SIZE = 64  # SHA-256's block size in bytes


def key_file() -> Path:
    config = os.environ.get("SALESDW_CONFIG_DIR") or Path.home() / ".config" / "salesdw"
    return Path(config) / "pii_hash_salt"


def _read_or_create_key_file(path: Path) -> str:
    """The key in `path`, made once: written 0600 into a private temporary file first, then
    linked into place, so two loads starting at once never read a half-written key."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_hex(32)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:  # another load made it meanwhile: use that one
            return path.read_text(encoding="utf-8").strip()
    finally:
        os.unlink(draft)
    return key


def hash_key(raw_dir: str | Path) -> str:
    """The HMAC key for this input: PII_HASH_SALT, else the sample's fixed key for the sample,
    else the key file (generated on first use)."""
    configured = os.environ.get("PII_HASH_SALT", "")
    if configured:
        return configured
    if is_sample(raw_dir):
        return SAMPLE_KEY
    return _read_or_create_key_file(key_file())


def hmac_pads(key: str) -> tuple[str, str]:
    """(inner, outer) HMAC-SHA256 pads of the key, hex: sha256(outer || sha256(inner || m))."""
    raw = key.encode("utf-8")
    if len(raw) > BLOCK_SIZE:
        import hashlib

        raw = hashlib.sha256(raw).digest()
    raw = raw.ljust(BLOCK_SIZE, b"\0")
    return bytes(b ^ 0x36 for b in raw).hex(), bytes(b ^ 0x5C for b in raw).hex()


def record_pii_key(con: duckdb.DuckDBPyConnection, schema: str, raw_dir: Path) -> None:
    """Write the one-row table raw._pii_key (replaced by every load)."""
    inner, outer = hmac_pads(hash_key(raw_dir))
    table = f'"{schema}"."{PII_KEY_TABLE}"'
    con.execute(f"create or replace table {table} (inner_pad_hex varchar, outer_pad_hex varchar)")
    con.execute(f"insert into {table} values (?, ?)", [inner, outer])
