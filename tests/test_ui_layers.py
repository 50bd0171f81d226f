"""The window asks services: no ui module imports the store.

Read from the source (every import statement, at any depth, so a lazy import inside
a function counts too). Read-only queries go through services.lookups; the database
file's errors, backups and locks through services.database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import lianhua_desk

PACKAGE = Path(lianhua_desk.__file__).parent

# ui modules still importing the store, each with what it imports; none may be added.
# Empty: every ui module now goes through services (lookups, database). Kept so a
# temporary exception would have one visible place, never a silent one.
NOT_YET_MOVED: dict[str, set[str]] = {}


def _store_imports(source: str, here: tuple[str, ...] = ("ui",)) -> set[str]:
    """What `source` (a module in package folder `here`) imports from the store, as
    'store.listing' or 'store.errors.X'."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not (node.module or "").startswith("lianhua_desk."):
                    continue
                base = node.module.split(".")[1:]
            else:
                base = list(here[: len(here) - node.level + 1]) + (
                    node.module.split(".") if node.module else []
                )
            names = [".".join([*base, alias.name]) for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [
                a.name.split(".", 1)[1] for a in node.names if a.name.startswith("lianhua_desk.")
            ]
        found.update(n for n in names if n == "store" or n.startswith("store."))
    return found


def _ui_modules() -> list[Path]:
    return sorted((PACKAGE / "ui").rglob("*.py"))


def test_ui_imports_no_store_but_the_listed_exceptions():
    offending = {}
    for path in _ui_modules():
        key = path.relative_to(PACKAGE).as_posix()
        here = path.relative_to(PACKAGE).parts[:-1]
        extra = _store_imports(path.read_text(encoding="utf-8"), here)
        extra -= NOT_YET_MOVED.get(key, set())
        if extra:
            offending[key] = sorted(extra)
    assert not offending, (
        f"ui modules importing the store (use services.lookups / database): {offending}"
    )


def test_the_check_sees_every_import_form():
    # Guard the guard: each way of spelling a store import is caught, lazy ones too.
    source = (
        "from ..store import listing\n"
        "from ..store.errors import StoreError\n"
        "from .. import store\n"
        "import lianhua_desk.store.db\n"
        "def f():\n    from lianhua_desk.store.locks import open_database_file\n"
        "from ..services import lookups\n"
    )
    assert _store_imports(source) == {
        "store.listing",
        "store.errors.StoreError",
        "store",
        "store.db",
        "store.locks.open_database_file",
    }
