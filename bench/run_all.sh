#!/usr/bin/env bash
# Run every benchmark script bench/bench_*.py with the project's virtualenv; fail if any fails.
# Results go where each script writes them (bench/results/ is git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
shopt -s nullglob
scripts=(bench/bench_*.py)
if [ "${#scripts[@]}" -eq 0 ]; then
  echo "No bench/bench_*.py scripts yet." >&2
  exit 0
fi
failed=()
for script in "${scripts[@]}"; do
  printf '\033[1m==> %s\033[0m\n' "$script" >&2
  .venv/bin/python "$script" || failed+=("$script")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
