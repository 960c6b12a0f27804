/**
 * Pedigree: versioned ML artifacts, lineage, incremental pipelines and promotion gates,
 * embedded in a JVM application. Start with {@link dev.pedigree.Repository}.
 */
package dev.pedigree;
