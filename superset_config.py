"""Superset's configuration for `make dashboard` (SUPERSET_CONFIG_PATH points here).

Everything that varies or is secret lives in SUPERSET_HOME (default target/superset/, git-ignored):
the metadata database, the secret key (env SUPERSET_SECRET_KEY, else generated once into
$SUPERSET_HOME/secret_key, mode 0600) and the logs. No credential is in this file.
"""

import os
import secrets
from pathlib import Path

_HOME = Path(os.environ.get("SUPERSET_HOME") or Path(__file__).resolve().parent / "target" / "superset")
_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    given = os.environ.get("SUPERSET_SECRET_KEY")
    if given:
        return given
    path = _HOME / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(42))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}?check_same_thread=false"
DATA_DIR = str(_HOME)

# One local user, no outside services: no example data, no telemetry, a cache in memory.
SUPERSET_LOAD_EXAMPLES = False
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = CACHE_CONFIG
FILTER_STATE_CACHE_CONFIG = CACHE_CONFIG
EXPLORE_FORM_DATA_CACHE_CONFIG = CACHE_CONFIG
RATELIMIT_STORAGE_URI = "memory://"
SCARF_ANALYTICS = False
# No Jinja templating in SQL, no per-dashboard roles: one local admin. (The BI file is opened
# read-only by the database URI; DML, CTAS and uploads are off in dashboards/databases/bi.yaml.)
FEATURE_FLAGS = {"DASHBOARD_RBAC": False, "ENABLE_TEMPLATE_PROCESSING": False}
# Served on 127.0.0.1 only, over plain HTTP.
TALISMAN_ENABLED = False
WTF_CSRF_ENABLED = True
SESSION_COOKIE_SECURE = False
