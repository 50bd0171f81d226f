"""The errors the user is told about, told apart from bugs: one base, two branches.

- RefusedInput: what the user gave cannot be used (a field, a file, a database path
  that is not there); they can fix it and try again. Nothing was written. Exit
  status 1 on the command line; "输入有误" in the window.
- EnvironmentFailure: the computer failed (database locked, disk full, read-only,
  damaged or too new a file, a lost lock). Not the user's mistake and not a bug.
  Exit status 3; "数据库错误" in the window.

Anything else that escapes is a bug: the command line logs it and says so in one
line, the window shows the crash dialog. Messages are Chinese; the window passes
each through its translation (ui.errors). Subclasses live next to what raises them:
domain.records.ValidationError, exchange.result.RefusedFile, app.DatabaseMissing
(refused input); store.errors.StoreError and its subclasses (environment).

This module sits outside the layers and imports nothing, so the domain, the store,
the exchange, the services, the command line and the window can all use it.
"""

from __future__ import annotations


class LianhuaError(Exception):
    """An error with a message for the user (in Chinese), not a bug."""

    @property
    def reasons(self) -> list[str]:
        """The message as separate lines (one per problem), for a list or a dialog."""
        return [str(self)]


class RefusedInput(LianhuaError):
    """The user's input was refused; nothing was written; the message says why."""

    # Said before the reasons when there are several (e.g. "输入有误，未写入任何数据："),
    # else '' and the message is said on its own.
    heading = ""


class EnvironmentFailure(LianhuaError):
    """The environment failed (disk, lock, damage); the message says what to do."""
