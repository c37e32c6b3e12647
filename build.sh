#!/usr/bin/env bash
# Usage: ./build.sh [build|test|pack|run|bench|refresh-openapi] [extra cake arguments]
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-}" in
  -h|--help|help)
    echo "Usage: ./build.sh [build|test|pack|run|bench|refresh-openapi] [extra cake arguments]"
    echo "  test   every test, on SQLite and PostgreSQL (starts PostgreSQL if DIGIHELSESTASJON_TEST_POSTGRES is unset)"
    echo "  refresh-openapi  writes the host's API document to host/DigiHelsestasjon.Web/openapi/platform.json (the web client's source)"
    echo "  bench  benchmarks; one of them: ./build.sh bench --bench-args=outbox|calendar|messaging|notifications"
    exit 0 ;;
esac
target="${1:-default}"
shift || true
dotnet tool restore >/dev/null
exec dotnet cake build.cake --target="$target" "$@"
