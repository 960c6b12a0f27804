/**
 * Runs and lineage: what each run read and wrote, with parameters, metrics and code version,
 * and the graph those records form. Start with {@link dev.pedigree.lineage.Runs}.
 */
package dev.pedigree.lineage;
