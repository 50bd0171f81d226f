"""Encryption on (issue 17): the bench's databases encrypted as a 管理员 would do it, and
every measured process unlocking them.

`python -m bench --encrypted` runs the scenarios on encrypted databases: an encrypted
copy of the shared bench database (bench/out/encrypted/bench_<N>.db, made once from
bench/out/bench_<N>.db and cached like it), and the databases the report, exchange and
soak scenarios make for themselves, each encrypted right after it is made. Encryption
goes through the services, not by hand: a 管理员 account is created
(`accounts.create_account`), signs in, and `encryption.encrypt` rewrites the file
(SQLCipher) with a key file beside it (`<name>.keys`).

Every measured process then unlocks the file the way the program does: an in-process
bench calls `unlock` (encryption.unlock: scrypt of the password, the data key unwrapped)
before it opens the database; a command-line process gets the account from
LIANHUA_USER / LIANHUA_PASSWORD (`use_credentials` puts them into this process's
environment, so every child inherits them) and unlocks and signs in as the program does.
A plain database ignores them (no key file, no accounts: nothing is asked).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from lianhua_desk.domain.accounts import ADMIN

USER = "王管理"
PASSWORD = "bench-password-17"
USER_ENV, PASSWORD_ENV = "LIANHUA_USER", "LIANHUA_PASSWORD"
SUBFOLDER = "encrypted"  # under bench/out: the encrypted copies and their backups


def use_credentials() -> None:
    """Every command-line process started from now on signs in (and unlocks) as USER."""
    os.environ[USER_ENV] = USER
    os.environ[PASSWORD_ENV] = PASSWORD


def is_encrypted(path: Path) -> bool:
    from lianhua_desk.services import encryption

    return encryption.is_encrypted(path)


def unlock(path: Path) -> bool:
    """Unlock an encrypted database for this process, as the sign-in does (scrypt, key
    unwrapped from the key file). A plain database: nothing to do, False."""
    from lianhua_desk.services import encryption

    if not encryption.is_encrypted(path):
        return False
    encryption.unlock(Path(path), USER, PASSWORD)
    return True


def sign_in(ctx) -> None:
    """Sign in as USER when the database has accounts (an encrypted one always has)."""
    from lianhua_desk.services import accounts

    if accounts.has_accounts(ctx):
        accounts.sign_in(ctx, USER, PASSWORD)


def encrypt(path: Path) -> None:
    """Turn encryption on for the plain database at `path` through the services: a
    管理员 account (the first one), signed in, `encryption.encrypt` with its password.
    The backup `encrypt` takes first goes beside the file (backup_dir None: no other
    backup is converted) and is deleted: a bench copy, not a clerk's records."""
    from lianhua_desk.app import open_context
    from lianhua_desk.services import accounts, encryption

    path = Path(path)
    ctx = open_context(path, daily_backup=False)
    ctx.backup_dir = None
    try:
        if accounts.store.get(ctx.db, USER) is None:
            accounts.create_account(ctx, USER, PASSWORD, ADMIN)
        accounts.sign_in(ctx, USER, PASSWORD)
        done = encryption.encrypt(ctx, PASSWORD)  # closes ctx
    except BaseException:
        ctx.db.close()
        raise
    done.backup.unlink(missing_ok=True)
    if not encryption.is_encrypted(path):
        raise RuntimeError(f"{path} still opens as plain SQLite after encrypt")


def copy_database(source: Path, target: Path) -> None:
    """A byte copy of a closed database (its -wal is empty after a clean close)."""
    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def cached_encrypted(plain: Path) -> Path:
    """bench/out/encrypted/<name>: the encrypted copy of the bench database `plain`,
    made on first use only (a copy, then `encrypt`: about a minute at 1,000,000 records)."""
    from lianhua_desk.store.keyring import key_file

    folder = plain.parent / SUBFOLDER
    path = folder / plain.name
    if path.exists() and key_file(path).exists() and is_encrypted(path):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    partial = folder / f"{plain.stem}.partial.db"  # an interrupted run leaves no half file
    copy_database(plain, partial)
    encrypt(partial)
    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    # the key file first: a database without it would be taken for a damaged plain file
    os.replace(key_file(partial), key_file(path))
    os.replace(partial, path)
    for leftover in folder.glob(f"{partial.name}*"):
        leftover.unlink(missing_ok=True)  # the clean-close stamp names the old path
    print(f"encrypted copy {path.name} made in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def connect(path: Path, *, key_of: Path | None = None):
    """A read-only driver connection to `path`, keyed when this process unlocked the
    database (for the harness's own checks: the soak's counts and integrity checks).
    `key_of`: the database whose key opens `path` (a backup is encrypted with its
    database's key); a plain file opens as before."""
    from lianhua_desk.store import keyring
    from lianhua_desk.store.driver import connect as driver_connect
    from lianhua_desk.store.driver import set_key
    from lianhua_desk.store.location import sqlite_uri

    conn = driver_connect(sqlite_uri(Path(path).resolve(), mode="ro"), uri=True)
    key = keyring.key_for(key_of or path)
    if key is not None and not keyring.reads_plain(path):
        set_key(conn, key)
    return conn
