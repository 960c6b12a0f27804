/** Benchmark harnesses: programs that print figures, run by the scripts in {@code bench/}. */
package dev.pedigree.bench;
