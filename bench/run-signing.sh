#!/usr/bin/env bash
# Times signing a model of the given size (default 1 GiB) and verifying a checkout of it against
# its Sigstore bundle, next to sha256sum of the same file (medians).
# Usage: bench/run-signing.sh [work-folder] [size-MiB] [rounds]   (the folder is emptied first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${1:-$here/target/signing-bench}"
mib="${2:-1024}"
rounds="${3:-3}"
rm -rf "$dir"
mvn -B -q -f "$root/pom.xml" -Pbench -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
exec "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$here/target/classes:$(cat "$here/target/runtime-classpath.txt")" \
  dev.pedigree.bench.SigningBench "$dir" "$mib" "$rounds"
