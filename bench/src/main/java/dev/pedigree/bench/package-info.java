/**
 * Benchmark harnesses, run outside {@code mvn verify} by the scripts in the {@code bench}
 * folder. Each generates its own data and prints its figures next to the machine's limits
 * measured in the same run.
 */
package dev.pedigree.bench;
