#!/usr/bin/env bash
# Benchmarks Pedigree's S3 backend next to rclone: both upload and download a 1 GiB object and
# 10,000 small objects to the same S3Proxy server on loopback, in the same run, and the harness
# prints both timings and their ratio. Arguments go to S3TransferBench, for example:
#   bench/run-s3.sh --big-mib 256 --small-count 2000
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rclone >/dev/null; then
  echo "rclone is needed: apt-get install rclone" >&2
  exit 1
fi
mvn -B -q -Pbench -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
exec java -Xmx1g -cp "$CP" dev.pedigree.bench.s3.S3TransferBench "$@"
