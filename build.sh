#!/usr/bin/env bash
# Usage: ./build.sh [build|test|pack|run|bench] [extra cake arguments]
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-default}"
shift || true
dotnet tool restore >/dev/null
exec dotnet cake build.cake --target="$target" "$@"
