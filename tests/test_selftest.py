"""`--selftest` is what the packaged app runs to prove itself; it must pass from source too."""

import os
import subprocess
import sys


def test_selftest_passes(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIANHUA_LOG_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "lianhua_desk", "--selftest"],
        capture_output=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for step in ("演示数据", "年度报告 PDF", "交换工作簿", "主窗口", "自检通过"):
        assert step in result.stdout
