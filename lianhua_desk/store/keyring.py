"""The key of an encrypted database (issue 17), kept beside it in `<name>.keys`.

An encrypted database is opened with one random 32-byte data key. The key file holds
that key several times, each copy wrapped (AES-256-GCM) with a key derived (scrypt)
from one secret: each account's password, and the recovery key printed once for the
street office. So any account can open the database, a password change re-wraps one
entry without re-encrypting anything, and a forgotten password is not a lost database.
The file holds no plaintext key, no password and no personal data; it is written
readable by its owner only, through a temporary file and a rename.

A wrong password never reaches the database (it cannot be opened without the key), so
failed unlocks are kept here: a per-name count that makes repeated failures wait (as
the accounts table does for a plain database), and a list the next successful sign-in
moves into the audit trail.

Once a key is unlocked, this process remembers it for that file (`remember`): every
connection opened to it afterwards (the worker thread's, the second reader, backups,
the restore check) is keyed without asking again.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..os_errors import os_error_message
from .errors import StoreError

SUFFIX = ".keys"
FORMAT = "lianhua-desk keys"
VERSION = 1
KEY_BYTES = 32
# scrypt for the key-encryption keys: ~50 ms each on the clerk's PC, as the password hashes.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
RECOVERY = "recovery"  # the entry of the recovery key
FREE_FAILURES = 3  # failed unlocks of a name before the waits start (as services.accounts)
MAX_WAIT = 30.0
_MAX_NAMES = 200  # names with a failure count kept (typed names: an attacker could add many)
_MAX_PENDING = 1000  # failures waiting for the audit trail


class Locked(StoreError):
    """The secret does not unwrap the key (wrong name, password or recovery key)."""


@dataclass(frozen=True)
class Failure:
    name: str
    at: str  # ISO time of the attempt


# --- the file ------------------------------------------------------------------------


def key_file(db_path: str | os.PathLike) -> Path:
    return Path(f"{db_path}{SUFFIX}")


def reads_plain(path: str | os.PathLike) -> bool:
    """The file opens as plain SQLite (an empty or absent one counts as plain).

    Asked through SQLite, never by reading the file's first bytes with open(): closing
    any other descriptor of a file drops this process's POSIX locks on it, and the
    database may be open here (store/locks.py)."""
    from .encryption import opens_with

    path = Path(path)
    return not path.exists() or opens_with(path.resolve(), None)


def is_encrypted(db_path: str | os.PathLike) -> bool:
    """The file has a key file and does not open as plain SQLite: it needs the key.

    A damaged plain file without a key file is not taken for an encrypted one: the
    start-up check then reports it damaged and offers a backup."""
    return key_file(db_path).exists() and not reads_plain(db_path)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def load(db_path: str | os.PathLike) -> dict:
    path = key_file(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StoreError(
            f"数据库已加密，但找不到它的密钥文件 {path}：请把密钥文件放回数据库旁边。"
        ) from exc
    except OSError as exc:
        raise StoreError(f"无法读取密钥文件：{os_error_message(exc, path)}") from exc
    except ValueError as exc:
        raise StoreError(f"密钥文件 {path} 已损坏（不是有效的 JSON）。") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path} 不是莲花法治工作台的密钥文件。")
    if data.get("version", 0) > VERSION:
        raise StoreError(f"密钥文件 {path} 由更新版本的程序写入，请升级程序。")
    data.setdefault("entries", {})
    data.setdefault("failed", {})
    data.setdefault("pending", [])
    return data


def save(db_path: str | os.PathLike, data: dict) -> None:
    """Write the key file whole, readable by its owner only; a crash leaves the old one."""
    path = key_file(db_path)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"无法写入密钥文件：{os_error_message(exc, path, writing=True)}") from exc


def new_file(data_key: bytes) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "cipher": "sqlcipher4",
        "check": _check_value(data_key),
        "entries": {},
        "failed": {},
        "pending": [],
    }


def _check_value(data_key: bytes) -> str:
    """A value that tells whether a key is this file's, without revealing it."""
    return hashlib.sha256(b"lianhua-desk key check\x00" + data_key).hexdigest()[:16]


# --- wrapping ------------------------------------------------------------------------


def _kek(secret: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, dklen=32, maxmem=2**26, **params)


def _aad(entry: str) -> bytes:
    # Binds each wrapped copy to its entry: one cannot be moved onto another name.
    return f"{FORMAT}\x00{entry}".encode()


def wrap(data: dict, entry: str, secret: str, data_key: bytes) -> None:
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapped = AESGCM(_kek(secret, salt, _SCRYPT)).encrypt(nonce, data_key, _aad(entry))
    data["entries"][entry] = {
        "kdf": "scrypt",
        **_SCRYPT,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def unwrap(data: dict, entry: str, secret: str) -> bytes:
    """The data key, or Locked. An unknown entry costs the same scrypt as a known one."""
    found = data["entries"].get(entry)
    record = found or {"salt": _b64(b"\0" * 16), "nonce": _b64(b"\0" * 12), "wrapped": ""}
    params = {k: int(record.get(k, _SCRYPT[k])) for k in _SCRYPT}
    kek = _kek(secret or "", _unb64(record["salt"]), params)
    if found is None:
        raise Locked("wrong")
    try:
        key = AESGCM(kek).decrypt(_unb64(record["nonce"]), _unb64(record["wrapped"]), _aad(entry))
    except (InvalidTag, ValueError) as exc:
        raise Locked("wrong") from exc
    if _check_value(key) != data.get("check"):
        raise Locked("wrong")
    return key


def account_entry(name: str) -> str:
    return f"account:{name}"


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


# --- the recovery key ----------------------------------------------------------------

_RECOVERY_BYTES = 20  # 160 bits: 32 base32 letters, printed in 8 groups of 4


def new_recovery_key() -> str:
    letters = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normalise_recovery_key(text: str) -> str:
    """As printed, whatever the case, spaces or dashes the user typed (O/0, I/1 too)."""
    letters = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


# --- failed attempts -------------------------------------------------------------------


def wait_seconds(data: dict, name: str, now: dt.datetime) -> float:
    """Seconds `name` must wait before the next unlock (0 if none)."""
    failed = data["failed"].get(name)
    if not failed or failed["count"] < FREE_FAILURES:
        return 0.0
    wait = min(2.0 ** (failed["count"] - FREE_FAILURES), MAX_WAIT)
    since = (now - dt.datetime.fromisoformat(failed["at"])).total_seconds()
    return max(0.0, wait - since)


def record_failure(data: dict, name: str, now: dt.datetime) -> None:
    at = now.isoformat(sep=" ", timespec="seconds")
    failed = data["failed"]
    count = failed.pop(name, {"count": 0})["count"] + 1
    failed[name] = {"count": count, "at": at}  # re-inserted: the dict runs oldest first
    while len(failed) > _MAX_NAMES:
        failed.pop(next(iter(failed)))
    data["pending"] = [*data["pending"], {"name": name, "at": at}][-_MAX_PENDING:]


def take_pending(db_path: str | os.PathLike, name: str) -> list[Failure]:
    """The failed attempts not yet in the audit trail, removed from the file (after a
    successful sign-in of `name`, whose own count starts again)."""
    data = load(db_path)
    pending = [Failure(p["name"], p["at"]) for p in data["pending"]]
    if not pending and name not in data["failed"]:
        return []
    data["pending"] = []
    data["failed"].pop(name, None)
    save(db_path, data)
    return pending


# --- the keys this process has unlocked ------------------------------------------------

_lock = threading.Lock()
_unlocked: dict[Path, bytes] = {}


def _where(path: str | os.PathLike) -> Path:
    return Path(path).resolve()


def remember(db_path: str | os.PathLike, key: bytes) -> None:
    with _lock:
        _unlocked[_where(db_path)] = key


def forget(db_path: str | os.PathLike) -> None:
    with _lock:
        _unlocked.pop(_where(db_path), None)


def key_for(db_path: str | os.PathLike) -> bytes | None:
    """The key this process unlocked for the file at db_path, if any."""
    with _lock:
        return _unlocked.get(_where(db_path))


def known_keys() -> list[bytes]:
    """Every key unlocked in this process (a backup is encrypted with its database's)."""
    with _lock:
        return list(dict.fromkeys(_unlocked.values()))


def forget_all() -> None:
    """Forget every unlocked key (tests: as a new process would start)."""
    with _lock:
        _unlocked.clear()
