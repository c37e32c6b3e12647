#!/usr/bin/env bash
# Namespace = folder (IDE0130) for the whole repository: rewrites namespaces, qualified names and usings.
# Re-runnable: run it on main after merging, then build. --check lists what would change and exits 1 if anything would.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/fix_namespaces.py "$@"
