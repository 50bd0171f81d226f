"""Logging to a rotating file in the user's log folder, with personal data scrubbed.

Whatever a module logs, ID numbers and phone numbers never reach the file: a filter
masks anything shaped like them before the record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from .domain.parse import mask_id, mask_phone

ID_PATTERN = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE_PATTERN = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def scrub(text: str) -> str:
    text = ID_PATTERN.sub(lambda m: mask_id(m.group()), text)
    text = MOBILE_PATTERN.sub(lambda m: mask_phone(m.group()), text)
    return LANDLINE_PATTERN.sub(lambda m: mask_phone(m.group()), text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


class _ScrubbingFormatter(logging.Formatter):
    """Tracebacks are formatted after filters run: scrub the final text too."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup(folder: Path, level: int = logging.INFO) -> Path:
    """Log to folder/lianhua.log (5 files × 1 MB). Idempotent."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lianhua.log"
    root = logging.getLogger("lianhua_desk")
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(PersonalDataFilter())
        root.addHandler(handler)
    root.setLevel(level)
    return path
