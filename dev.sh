#!/usr/bin/env bash
# Set up Journey Studio on this machine and run it or its tests.
#   bash dev.sh run [FILE]   install, then open the editor (the bundled sample map by default)
#   bash dev.sh test [ARGS]  install, then run the whole test suite (extra ARGS go to pytest)
#   bash dev.sh bench        install, then run the benchmarks
#   bash dev.sh screenshot   install, then refresh docs/screenshot.png
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(fonts-dejavu-core libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-shape0
  libxcb-render-util0 libxcb-image0 librsvg2-bin libxml2-utils chromium)

install_system_packages() {
  command -v dpkg >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "dev.sh: please install: ${missing[*]}" >&2; return 0; fi
  fi
  echo "dev.sh: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
}

command="${1:-run}"
[ $# -gt 0 ] && shift
install_system_packages
install_python_packages

case "$command" in
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "dev.sh: no display found; running on a virtual screen (xvfb-run)."
      exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/journey-studio "$@"
    fi
    exec .venv/bin/journey-studio "$@"
    ;;
  test)
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    exec .venv/bin/python benchmarks/run.py "$@"
    ;;
  screenshot)
    exec .venv/bin/journey-studio screenshot -o docs/screenshot.png "$@"
    ;;
  *)
    echo "usage: bash dev.sh run [FILE] | test [PYTEST ARGS] | bench | screenshot" >&2
    exit 2
    ;;
esac
