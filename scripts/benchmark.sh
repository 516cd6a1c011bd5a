#!/usr/bin/env bash
# Runs a benchmark of the benchmarks module. The first argument picks it, the rest go to it:
#   nab [--detector default|sensitive|windowedGaussian|null] [--threshold X] [--out DIR]
#       the Numenta Anomaly Benchmark over ../shared/datasets/nab (or --data DIR)
#   rca [--seed N] [--cases-per-level N] [--sizes 10,100,2000] [--methods ...] [--misses true]
#       the root-cause benchmark on generated incidents
#   jmh [JMH options]   the JMH benchmarks (detector throughput, correlator latency)
#   state-size [default|weekly|sensitive|robust|tracker...]
#                       bytes of detector state per series (all five without arguments)
#   chain [sizes...]    time of one analysis on a chain of resources that all fail
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"
shift || true
jvm_opts=()
case "$what" in
  nab) main=io.topdeck.monitoring.benchmarks.nab.NabBenchmark ;;
  rca) main=io.topdeck.monitoring.benchmarks.rca.RcaBenchmark ;;
  jmh) main=org.openjdk.jmh.Main ;;
  # The serial collector leaves no free space in partly used regions or thread-local buffers
  # after a full collection, so the used heap it reports is the same from run to run.
  chain) main=io.topdeck.monitoring.benchmarks.jmh.ChainAnalysis ;;
  state-size) main=io.topdeck.monitoring.benchmarks.jmh.StateSize; jvm_opts=(-XX:+UseSerialGC
    --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.time=ALL-UNNAMED) ;;
  *) echo "Usage: $0 nab|rca|jmh|state-size|chain [arguments]" >&2; exit 2 ;;
esac
cp_file=topdeck-monitoring-benchmarks/target/classpath.txt
rm -f "$cp_file"
mvn -q package dependency:build-classpath -pl topdeck-monitoring-benchmarks -am -DskipTests \
  -Dspotless.check.skip=true -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
if [ ! -s "$cp_file" ]; then
  echo "Could not compute the benchmarks' class path" >&2
  exit 1
fi
exec java "${jvm_opts[@]}" -cp "topdeck-monitoring-benchmarks/target/classes:$(cat "$cp_file")" "$main" "$@"
