/**
 * Pipelines: stages that declare their inputs, parameters, outputs and code identity, run by
 * {@link dev.pedigree.pipeline.PipelineRunner} in dependency order, independent stages in
 * parallel, skipping every stage whose fingerprint (code, parameters, input digests) already
 * has a recorded successful run. Each executed stage is a run in the lineage graph.
 *
 * <p>The model here is plain objects; the fluent builder lives in the {@code dsl} module.
 */
package dev.pedigree.pipeline;
