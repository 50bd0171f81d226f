#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and prove it starts: runs the built
# binary's --selftest (window offscreen, one PDF, one workbook) and reports size and
# start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q 'pyinstaller>=6.0'
rm -rf build/pyinstaller dist/LianhuaDesk
python3 -m PyInstaller --noconfirm --clean --workpath build/pyinstaller --distpath dist pyinstaller.spec
app=dist/LianhuaDesk
echo "folder size: $(du -sh "$app" | cut -f1)"
start=$(date +%s.%N)
QT_QPA_PLATFORM=offscreen "$app/lianhua-desk" --selftest
end=$(date +%s.%N)
echo "selftest passed in $(echo "$end - $start" | bc) s"
start=$(date +%s.%N)
"$app/lianhua-desk" --version
end=$(date +%s.%N)
echo "--version in $(echo "$end - $start" | bc) s"
