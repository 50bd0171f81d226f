"""Peak memory of this process.

`ru_maxrss` is not it for a process started by another one: Linux carries the parent's
high-water mark across fork/vfork + exec (a 500 MB parent makes a 14 MB child report
513 MB), which once made the import look 120 MB heavier than it is. VmHWM in
/proc/self/status belongs to this process's own memory map.
"""

from __future__ import annotations

import resource
import sys


def peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS
