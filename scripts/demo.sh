#!/usr/bin/env bash
# Builds the examples (without running tests) and runs the demo. Arguments go to the demo:
# none replays the incident on the in-memory platform; --prometheus URL runs the live mode.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=examples/target/topdeck-monitoring-examples-all.jar
mvn -q package -pl examples -am -DskipTests -Dspotless.check.skip=true >&2
exec java -jar "$jar" "$@"
