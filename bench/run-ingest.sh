#!/usr/bin/env bash
# Measures durable ingest of a 1 GiB file into the local store against `openssl dgst -sha256`
# and `cp` + `sync` of the same file, and ingest of 100,000 files of 1 KiB.
#
#   bench/run-ingest.sh [data-folder] [file-MiB] [rounds] [small-files]
#
# The data folder (default bench/target/bench-data) needs about 2.5 GiB free and should be on
# the file system you want to measure; it is emptied first and cleaned up afterwards.
# BENCH_HEAP (default -Xmx256m) sets the harness's heap.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-bench/target/bench-data}"
shift || true
# Build, and write the class path of the module just built (reactor jars and dependencies).
mvn -B -q -Pbench -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java "${BENCH_HEAP:--Xmx256m}" -cp "bench/target/pedigree-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
  dev.pedigree.bench.IngestBench "$data" "$@"
