#!/usr/bin/env bash
# Measures durable ingest of a 1 GiB file into the local store against `openssl dgst -sha256`
# and `cp` + `sync` of the same file (median of 5 rounds, and the ratio of our ingest to the
# slower of the two), then ingest of 100,000 files of 1 KiB.
#
# Usage: bench/run-ingest.sh [data-folder] [file-MiB] [rounds] [small-files]
# PEDIGREE_BENCH_HEAP sets the heap (default -Xmx256m, the goal for 100,000 small files); the
# 4 GiB bounded-memory run is: PEDIGREE_BENCH_HEAP=-Xmx64m bench/run-ingest.sh DIR 4096 1 0
# restic and git are run on the same generated folder when installed (apt-get install restic).
# The data folder (default bench/target/ingest-bench) needs about 2.5 GiB free and should be on
# the file system to measure; it is emptied first and cleaned up afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${1:-$here/target/ingest-bench}"
shift || true
mvn -B -q -f "$root/pom.xml" -Pbench -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
exec "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" "${PEDIGREE_BENCH_HEAP:--Xmx256m}" \
  -cp "$here/target/classes:$(cat "$here/target/runtime-classpath.txt")" \
  dev.pedigree.bench.IngestBench "$dir" "$@"
