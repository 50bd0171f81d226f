#!/usr/bin/env bash
# Build the Windows installer around a PyInstaller folder:
#   packaging/windows/installer.sh dist/LianhuaDesk LianhuaDesk-0.1.0-setup.exe
# Needs Debian's nsis (makensis builds Windows installers on Linux).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(cd "$1" && pwd)
out=$(realpath -m "$2")
version=$(python3 -c "import tomllib; print(tomllib.load(open('$here/../../pyproject.toml','rb'))['project']['version'])")
[ -f "$app/lianhua-desk-gui.exe" ] || { echo "不是 PyInstaller 的 Windows 文件夹：$app" >&2; exit 1; }
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DDIST="$app" -DOUTFILE="$out" "$here/installer.nsi"
echo "已生成：$out（$(du -h "$out" | cut -f1)）"
