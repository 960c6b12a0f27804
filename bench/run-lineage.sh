#!/usr/bin/env bash
# Builds a lineage graph of 100,000 runs (~1,000,000 edges) on a local folder store and prints
# the cold open + first query times and the warm query times (medians).
# Usage: bench/run-lineage.sh [store-folder] [runs]   (the folder is emptied first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${1:-$here/target/lineage-bench}"
runs="${2:-100000}"
rm -rf "$dir"
mvn -B -q -f "$root/pom.xml" -Pbench -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
exec "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/target/classes:$(cat "$here/target/runtime-classpath.txt")" \
  dev.pedigree.bench.LineageBench "$dir" "$runs"
