/**
 * Pedigree on Apache Spark: read versions as DataFrames ({@link dev.pedigree.spark.PedigreeSpark#read}),
 * write DataFrames as versions recorded with a run ({@link dev.pedigree.spark.PedigreeSpark#write}),
 * and pipeline stages whose action runs on Spark ({@link dev.pedigree.spark.SparkStages}).
 */
package dev.pedigree.spark;
