"""Command-line subcommands that write reports: `report annual|roster|subsidy|agreement`."""

from __future__ import annotations


def register(add) -> None:
    """Add the report subcommands. `add(name, func, help)` returns the subparser."""
