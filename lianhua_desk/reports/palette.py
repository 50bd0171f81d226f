"""The charts' colours, one qualitative palette for the window's charts (Qt) and the
documents' (reportlab): plain hex strings, so the window reads them without loading
reportlab.

Tableau 10: ten hues told apart at a glance and by the common colour-vision
deficiencies; a pie's slices and a chart's series take them in order.
"""

from __future__ import annotations

PALETTE_HEX = (
    "#4e79a7",  # blue
    "#f28e2b",  # orange
    "#e15759",  # red
    "#76b7b2",  # teal
    "#59a14f",  # green
    "#edc948",  # yellow
    "#b07aa1",  # purple
    "#ff9da7",  # pink
    "#9c755f",  # brown
    "#bab0ac",  # grey
)


def color_at(i: int) -> str:
    """The i-th series' colour (the palette repeats past its end)."""
    return PALETTE_HEX[i % len(PALETTE_HEX)]
