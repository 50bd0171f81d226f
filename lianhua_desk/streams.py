"""Standard output and error a Chinese program can always write to.

- Windows writes redirected output (a pipe, a file, a scheduled task's log) in the ANSI
  code page: cp1252 on a Western PC, cp936 on a Chinese one, neither of which holds every
  name or mark the program prints. The command then fails with UnicodeEncodeError after
  its work was done, and a script sees a failure that was a success. Redirected output is
  therefore UTF-8, as PYTHONUTF8=1 would make it (the packaged exe ignores that variable).
  A console keeps Python's own console writer, which is UTF-8 already.
- The windowed exe (no console) has no streams at all: sys.stdout and sys.stderr are
  None. What it prints then goes nowhere instead of crashing the program.
"""

from __future__ import annotations

import io
import sys


class _Nowhere(io.TextIOBase):
    """A text stream that accepts everything and keeps nothing (no file to close)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)


def _is_utf8(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding == "utf8"


def ensure_streams() -> None:
    """Make sys.stdout and sys.stderr usable and UTF-8 (call first thing in main)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, _Nowhere())
        elif not _is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
