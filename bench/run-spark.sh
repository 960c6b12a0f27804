#!/usr/bin/env bash
# Benchmarks pedigree-spark next to plain Spark on local[2]: writes and reads back a 1 GiB,
# 200-partition Parquet dataset both ways in the same run, then writes versions of 1,000 and
# 10,000 files and prints the driver's heap after each. Arguments go to SparkBench, for example:
#   bench/run-spark.sh --mib 256 --partitions 50 --files 2000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
# The --add-opens list is the one Spark's own launcher passes on Java 17.
exec java -Xmx2g -cp "$CP" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
  dev.pedigree.bench.spark.SparkBench "$@"
