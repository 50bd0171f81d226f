"""The window (PySide6). Nothing outside this package imports Qt."""
