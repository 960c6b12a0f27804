#!/usr/bin/env bash
# No-op re-run of a pipeline over a 100,000-file directory, next to `git status` on the same tree.
# Usage: bench/run-pipeline.sh [files] [work-dir] [repeats]
# PEDIGREE_REACTOR_POM may name another aggregator pom that lists core, dsl and bench.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
POM="${PEDIGREE_REACTOR_POM:-$ROOT/pom.xml}"
mvn -B -q -f "$POM" -Pbench -pl :pedigree-bench -am -DskipTests package \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
exec java -Xmx1g -cp "$CP" dev.pedigree.bench.PipelineNoOpBench "$@"
