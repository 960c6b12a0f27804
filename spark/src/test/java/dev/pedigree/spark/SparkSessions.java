package dev.pedigree.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local mode on two threads, bound to loopback, no UI, few shuffle partitions. */
final class SparkSessions {
  private SparkSessions() {
  }

  static SparkSession local(String name) {
    return SparkSession.builder().master("local[2]").appName(name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate();
  }
}
