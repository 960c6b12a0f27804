/**
 * Runs and lineage: what each run read and wrote, with parameters, metrics and code version,
 * and the graph those records form. Start with {@link dev.pedigree.lineage.Runs} to record
 * runs; ask {@link dev.pedigree.lineage.LineageGraph} (from {@code Repository.lineage()}) for
 * the upstream, downstream or path of a version, answered as a
 * {@link dev.pedigree.lineage.LineageView}; draw a view with {@link dev.pedigree.lineage.Mermaid}
 * or {@link dev.pedigree.lineage.Dot}; export runs as OpenLineage events with
 * {@link dev.pedigree.lineage.LineageExports}.
 */
package dev.pedigree.lineage;
