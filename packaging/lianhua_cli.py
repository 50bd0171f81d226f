"""PyInstaller entry point of the console command line (and --selftest)."""

import sys

from lianhua_desk.cli import main

sys.exit(main())
