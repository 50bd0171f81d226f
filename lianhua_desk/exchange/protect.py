"""Exchange workbooks with an opening password: Office's own encryption.

A workbook with a password is an .xlsx encrypted the way Excel, WPS and LibreOffice
encrypt one ("agile" OOXML encryption: AES-256, the key derived from the password by
SHA-512 with 100,000 rounds), written by msoffcrypto-tool. So the colleague who gets
the file opens it in any of them by typing the password, and the file on a USB stick
or in a mail holds no readable ID number.

Export encrypts from memory: the plain workbook's bytes never reach the disk.
Import decrypts into a private temporary folder (owner-only, removed afterwards),
because the workbook checks (`guard`) and the reader take a file path.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..paths import OWNER_ONLY
from .guard import OLE_MAGIC  # the compound file an encrypted .xlsx is
from .result import RefusedFile

__all__ = [
    "OLE_MAGIC",
    "PasswordNeeded",
    "WrongPassword",
    "decrypt",
    "encrypt",
    "is_encrypted",
    "plain_workbook",
    "write_encrypted",
]


class PasswordNeeded(RefusedFile):
    """The workbook is encrypted and no password was given."""


class WrongPassword(RefusedFile):
    """The password given does not open the workbook."""


def encrypt(plain: bytes, password: str) -> bytes:
    """The .xlsx `plain` encrypted with `password` (Office agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def write_encrypted(plain: bytes, password: str, path: str | Path) -> Path:
    """Encrypt and put in place atomically; the file is owner-only from its creation."""
    data = encrypt(plain, password)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), OWNER_ONLY
        )
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, OWNER_ONLY)  # os.open's mode is reduced by the umask, never widened
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def is_encrypted(path: str | Path) -> bool:
    """True for an encrypted .xlsx; False for anything else (plain, not a workbook,
    missing: `guard` names those)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(OLE_MAGIC)) != OLE_MAGIC:
                return False
            import msoffcrypto

            try:
                office = msoffcrypto.OfficeFile(f)
            except Exception:  # an old .xls or .doc, a damaged file: guard says which
                return False
            return office.format == "ooxml" and office.is_encrypted()
    except OSError:
        return False


def decrypt(path: str | Path, password: str | None) -> bytes:
    """The plain .xlsx inside the encrypted workbook at `path`. Raises PasswordNeeded,
    WrongPassword or RefusedFile (damaged), each in Chinese naming the file."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    name = Path(path).name
    if not password:
        raise PasswordNeeded(f"“{name}”设有打开密码（已加密），请输入导出时设定的密码")
    out = io.BytesIO()
    try:
        with open(path, "rb") as f:
            office = msoffcrypto.OfficeFile(f)
            office.load_key(password=password, verify_password=True)
            office.decrypt(out)
    except InvalidKeyError:
        raise WrongPassword(f"“{name}”的密码不正确，无法打开") from None
    except OSError:
        raise
    except Exception as exc:  # msoffcrypto's and olefile's errors on a damaged file
        raise RefusedFile(
            f"“{name}”已加密，但无法解密：文件可能已损坏（{type(exc).__name__}）"
        ) from exc
    return out.getvalue()


@contextlib.contextmanager
def plain_workbook(path: str | Path, password: str | None) -> Iterator[tuple[Path, bool]]:
    """(a path to the plain workbook, whether it was encrypted). A plain file is used
    as it is (a password given for it is not needed); an encrypted one is decrypted
    into an owner-only temporary folder under the same file name, removed on leaving."""
    path = Path(path)
    if not is_encrypted(path):
        yield path, False
        return
    plain = decrypt(path, password)
    folder = Path(tempfile.mkdtemp(prefix="lianhua-"))  # mode 0700
    try:
        inside = folder / path.name
        fd = os.open(
            inside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), OWNER_ONLY
        )
        with os.fdopen(fd, "wb") as f:
            f.write(plain)
        del plain
        yield inside, True
    finally:
        shutil.rmtree(folder, ignore_errors=True)
