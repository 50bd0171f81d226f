#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and prove it starts: runs the built
# binary's --selftest (window offscreen, one PDF, one workbook) and reports size and
# start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project itself (and so its dependencies) and PyInstaller: in a fresh venv the
# build would otherwise collect a folder that dies on its first import.
python3 -m pip install -q -e . 'pyinstaller>=6.0'
rm -rf build/pyinstaller dist/LianhuaDesk
python3 -m PyInstaller --noconfirm --clean --workpath build/pyinstaller --distpath dist pyinstaller.spec
app=dist/LianhuaDesk
echo "folder size: $(du -sh "$app" | cut -f1)"
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
start=$(date +%s%N)
QT_QPA_PLATFORM=offscreen "$app/lianhua-desk" --selftest
echo "selftest passed in $(ms_since "$start") ms"
start=$(date +%s%N)
"$app/lianhua-desk" --version
echo "--version in $(ms_since "$start") ms"
