# Shared helpers for scripts/*; source it, don't run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run as root, or through sudo when we are not root; empty when neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 127
  fi
}

APT_UPDATED=""
# apt_install PKG…: install the Debian packages that are missing (apt-get update once per run).
# Returns 1, saying what to install, when that is not possible (no apt, not root and no sudo).
apt_install() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    printf 'note: not a Debian system; make sure these are installed: %s\n' "$*" >&2
    return 1
  fi
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq; then
      printf 'note: cannot run apt-get as root; please install: %s\n' "${missing[*]}" >&2
      return 1
    fi
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# A project locale directory (locale/ or <app>/locale/), outside the venv.
has_locale() {
  find "$ROOT" -path "$VENV" -prune -o -path "$ROOT/node_modules" -prune -o -type d -name locale -print -quit \
    | grep -q .
}

compile_messages() {
  if has_locale; then
    say "Compiling translations"
    (cd "$ROOT" && "$PY" manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0)
  fi
}

# url_part URL FIELD: host, port or path of a URL (defaults for PostgreSQL/Redis filled in by the caller).
url_part() {
  "$PY" - "$1" "$2" <<'PY'
import sys
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
print({"host": u.hostname or "", "port": u.port or "", "user": u.username or "", "path": u.path.lstrip("/")}[sys.argv[2]])
PY
}

is_local_host() { case "$1" in ""|127.0.0.1|localhost|::1) return 0 ;; *) return 1 ;; esac; }

# wait_for SECONDS DESCRIPTION COMMAND…: retry COMMAND until it succeeds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local i
  for ((i = 0; i < seconds * 2; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$what did not answer within ${seconds}s"
}
