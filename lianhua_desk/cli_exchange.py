"""Command-line subcommands of the exchange workbook: template, export, import."""

from __future__ import annotations


def register(add) -> None:
    """Add the exchange subcommands. `add(name, func, help)` returns the subparser."""
