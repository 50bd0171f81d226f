"""No import cycles where there used to be two: cli ↔ cli_*, backup_dialog ↔ main_window.

Read from the source (every import statement, at any depth), so a lazy import inside a
function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lianhua_desk

PACKAGE = Path(lianhua_desk.__file__).parent


def _imports(path: Path) -> set[str]:
    """Module names (relative to the package, 'ui.main_window') that `path` imports."""
    here = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not (node.module or "").startswith("lianhua_desk"):
                    continue
                base = (node.module or "").split(".")[1:]
            else:
                base = list(here[: len(here) - node.level + 1]) + (
                    node.module.split(".") if node.module else []
                )
            found.add(".".join(base))
            found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("lianhua_desk."):
                    found.add(alias.name.split(".", 1)[1])
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("cli_*.py")))
def test_no_cli_module_imports_cli(module):
    assert "cli" not in _imports(PACKAGE / module)


def test_cli_imports_the_cli_modules():
    assert {"cli_common", "cli_exchange", "cli_reports", "cli_holidays"} <= _imports(
        PACKAGE / "cli.py"
    )


def test_the_data_actions_do_not_import_the_main_window():
    assert "ui.main_window" not in _imports(PACKAGE / "ui" / "backup_dialog.py")
    assert "ui.backup_dialog" in _imports(PACKAGE / "ui" / "main_window.py")
