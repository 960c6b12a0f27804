#!/usr/bin/env bash
# Issue 14's memory bounds: registers one 4 GiB file with a 64 MiB heap, then a folder of
# 100,000 files of 1 KiB with a 256 MiB heap, each in its own JVM on a durable folder store,
# and prints each one's time and peak RSS.
#
# Usage: bench/run-memory.sh [data-folder] [file-MiB] [small-files]
# The data folder (default bench/target/memory-bench) needs about twice the file's size free;
# what the runs generate is deleted afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${1:-$here/target/memory-bench}"
mib="${2:-4096}"
count="${3:-100000}"
mvn -B -q -f "$root/pom.xml" -Pbench -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
java="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java"
cp="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -Xmx64m -cp "$cp" dev.pedigree.bench.MemoryBoundsBench large "$dir" "$mib"
"$java" -Xmx256m -cp "$cp" dev.pedigree.bench.MemoryBoundsBench small "$dir" "$count"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
