/**
 * Machinery of the Spark module: not API, may change in any release. Spark instantiates
 * {@link dev.pedigree.spark.internal.PedigreeCommitProtocol} by name, so it must be public.
 */
package dev.pedigree.spark.internal;
