#!/usr/bin/env bash
# The Windows check CI runs on every submission: under Wine, with python.org's Windows
# CPython and the Windows wheels,
#   1. the command line: --version, demo on a Chinese path, stats identical to Linux,
#      output redirected (UTF-8), a database on a network share;
#   2. --selftest (window offscreen, PDFs, workbook);
#   3. the PyInstaller build, and the built exe's --selftest;
#   4. the installer: built with makensis, installed silently, the installed exe's
#      --selftest and a demo database in %LOCALAPPDATA%\LianhuaDesk, uninstalled
#      (program and shortcuts gone, the database kept).
# Needs: wine wine64 gcc-mingw-w64-x86-64-win32 nsis, and the project installed on
# Linux (for the stats comparison).
set -euo pipefail
source "$(dirname "$0")/common.sh"
started=$(date +%s)
"$ROOT/packaging/windows/setup.sh"
work=$WIN_HOME/check
rm -rf "$work"
mkdir -p "$work"

fail() { echo "Windows 检查失败：$*" >&2; exit 1; }

step "1. Command line"
winpy -m lianhua_desk --version
db='C:\用户\数据\莲花 #1\lianhua.db'
rm -rf "$WINEPREFIX/drive_c/用户"
winpy -m lianhua_desk --db "$db" demo
# The same demo on Linux: every 2020 figure must be the same.
python3 -m lianhua_desk --db "$work/linux.db" demo >/dev/null
python3 -m lianhua_desk --db "$work/linux.db" stats --year 2020 --json >"$work/stats-linux.json"
winpy -m lianhua_desk --db "$db" stats --year 2020 --json | tr -d '\r' >"$work/stats-windows.json"
cmp "$work/stats-linux.json" "$work/stats-windows.json" || fail "2020 统计与 Linux 不同"
echo "2020 统计与 Linux 相同（$(wc -c <"$work/stats-windows.json") 字节）"
# Output redirected on a Western code page stays UTF-8 (PYTHONIOENCODING as Windows sets it).
PYTHONIOENCODING=cp1252 winpy -m lianhua_desk --db "$db" stats --year 2020 | grep -q "年度" \
  || fail "重定向输出不是 UTF-8"
share_db="$LIANHUA_TEST_SHARE\\街道\\lianhua.db"
winpy -m lianhua_desk --db "$share_db" demo --year 2025 2>&1 | tee "$work/share.txt"
grep -q "网络位置" "$work/share.txt" || fail "网络共享上的数据库没有提示"
winpy -m lianhua_desk --db "$share_db" check

step "2. --selftest"
winpy -m lianhua_desk --selftest

step "3. PyInstaller build and the built exe"
build() {
  (cd "$ROOT" && winpy -m PyInstaller --noconfirm --clean --log-level ERROR \
    --workpath "$(winepath -w "$WIN_HOME/pyinstaller")" --distpath "$(winepath -w "$WIN_HOME/dist")" \
    pyinstaller.spec)
}
retry_once build
app=$WIN_HOME/dist/LianhuaDesk
echo "folder: $(du -sh "$app" | cut -f1)"
win "$app/lianhua-desk.exe" --selftest

step "4. Installer"
version=$(python3 -c "import tomllib; print(tomllib.load(open('$ROOT/pyproject.toml','rb'))['project']['version'])")
setup=$WIN_HOME/LianhuaDesk-$version-setup.exe
"$ROOT/packaging/windows/installer.sh" "$app" "$setup"
# Installed as the clerk's account would, into %LOCALAPPDATA%\Programs (no admin rights).
retry_once win "$setup" /S
local_app=$(winpy -c "import os; print(os.environ['LOCALAPPDATA'])" | tr -d '\r')
installed_win="$local_app\\Programs\\LianhuaDesk"
installed=$(winepath -u "$installed_win")
[ -f "$installed/lianhua-desk-gui.exe" ] || fail "安装后找不到 lianhua-desk-gui.exe"
desktop=$(winepath -u "$(winpy -c "import os; print(os.path.join(os.environ['USERPROFILE'], 'Desktop'))" | tr -d '\r')")
start_menu=$(winepath -u "$(winpy -c "import os; print(os.path.join(os.environ['APPDATA'], r'Microsoft\Windows\Start Menu\Programs'))" | tr -d '\r')")
[ -f "$desktop/莲花法治工作台.lnk" ] || fail "桌面快捷方式不存在"
[ -f "$start_menu/莲花法治工作台/莲花法治工作台.lnk" ] || fail "开始菜单快捷方式不存在"
win "$installed/lianhua-desk.exe" --selftest
# The default database (no --db): %LOCALAPPDATA%\LianhuaDesk\lianhua.db.
data=$(winepath -u "$local_app\\LianhuaDesk")
rm -rf "$data"
win "$installed/lianhua-desk.exe" demo
[ -f "$data/lianhua.db" ] || fail "默认数据库不在 %LOCALAPPDATA%\\LianhuaDesk"
retry_once win "$installed/uninstall.exe" /S "_?=$installed_win"
rm -f "$installed/uninstall.exe"  # `_?=` keeps the running uninstaller itself; Windows' own rule
[ ! -e "$installed/_internal" ] && [ ! -e "$installed/lianhua-desk-gui.exe" ] || fail "卸载后程序文件仍在"
[ ! -e "$desktop/莲花法治工作台.lnk" ] || fail "卸载后桌面快捷方式仍在"
[ -f "$data/lianhua.db" ] || fail "卸载删除了数据库"
python3 -m lianhua_desk --db "$data/lianhua.db" check >/dev/null || fail "卸载后数据库不完好"
echo "卸载后：程序与快捷方式已删除，数据库保留并通过检查（$data/lianhua.db）"
echo "安装程序：$setup（$(du -h "$setup" | cut -f1)）"

step "Windows 检查通过，用时 $(( $(date +%s) - started )) 秒"
