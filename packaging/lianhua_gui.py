"""PyInstaller entry point of the windowed app (no console on Windows)."""

import sys

from lianhua_desk.cli import main

sys.exit(main())
