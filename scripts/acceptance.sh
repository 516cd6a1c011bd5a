#!/usr/bin/env bash
# Runs the acceptance suite over the real data in ../shared (fixtures and datasets). Fails when
# that folder is missing. TOPDECK_SHARED_DIR points elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${TOPDECK_SHARED_DIR:-$(cd .. && pwd)/shared}"
if [ ! -d "$shared/fixtures" ] || [ ! -d "$shared/datasets" ]; then
  echo "Acceptance suite: no shared data at $shared (expected fixtures/ and datasets/)." >&2
  echo "Set TOPDECK_SHARED_DIR to the folder that holds them." >&2
  exit 1
fi
exec mvn verify -P acceptance -Dspotless.check.skip=true -Dtopdeck.shared.dir="$shared" "$@"
