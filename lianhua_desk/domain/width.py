"""How wide text shows in a fixed-width grid (a spreadsheet column, a terminal).

The one width function: characters Unicode calls East Asian Wide or Fullwidth (汉字,
full-width punctuation and forms) take two columns, everything else one.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns `text` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
