"""What a test needs from the machine, and what a Windows PC cannot give it.

The whole suite also runs on Windows (packaging/windows/suite.sh, under Wine): a test
that cannot apply there skips with its reason; on Linux, where .ci/run installs every
tool, a missing tool fails the test instead of skipping it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

WINDOWS = sys.platform == "win32"
# Linux lists every file lock in /proc/locks (under Wine, Z:\\proc\\locks exists too,
# but lists Linux's processes, not Windows ones).
LINUX_LOCKS = sys.platform.startswith("linux") and Path("/proc/locks").exists()


def require_poppler(tool: str = "pdftotext") -> None:
    """poppler's command-line tools read back the PDFs. There is no poppler for Windows
    on PyPI, so on Windows these checks skip (the PDF bytes come from reportlab, the
    same on both systems); on Linux a missing tool is a failure."""
    if shutil.which(tool) is not None:
        return
    if WINDOWS:
        pytest.skip(
            f"{tool} (poppler) is not installed on Windows; the same PDF checks run on Linux"
        )
    pytest.fail(f"{tool} (poppler-utils) is required for the PDF checks")


posix_modes = pytest.mark.skipif(
    WINDOWS,
    reason="POSIX file modes (0o600) do not exist on Windows, where a file is private by "
    "the ACL of the user's own folder",
)
posix_locks = pytest.mark.skipif(
    WINDOWS,
    reason="SQLite's POSIX advisory locks and /proc/locks: on Windows locks belong to a "
    "file handle and cannot be lost to another open of the file",
)
