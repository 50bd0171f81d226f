"""莲花法治工作台 Lianhua Desk: offline case management for a sub-district's rule-of-law work."""

__version__ = "0.1.0"
APP_NAME = "LianhuaDesk"

# The SQLite driver before anything imports sqlite-utils (see store/driver.py).
from .store import driver as _driver  # noqa: E402, F401
