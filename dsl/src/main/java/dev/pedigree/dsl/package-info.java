/**
 * A fluent, typed DSL for pipelines. Start with {@link dev.pedigree.dsl.Pipelines#named}; each
 * step's methods lead to the next, in the order a stage is described: inputs, parameters,
 * outputs, code identity, action.
 *
 * <pre>{@code
 * Pipeline p = Pipelines.named("churn")
 *     .stage("preprocess").input("raw", "raw-customers@production").param("min_tenure", "1")
 *         .output("features", ArtifactKind.DATASET).codeVersion("v3").action(ctx -> prepare(ctx))
 *     .stage("train").input("features", Pipelines.stageOutput("preprocess", "features")).param("epochs", 20)
 *         .output("churn-model", ArtifactKind.MODEL).codeFromClass(Train.class).action(new Train())
 *     .build();
 * PipelineResult r = PipelineRunner.on(repo).executor(pool).run(p);
 * }</pre>
 *
 * <p>The DSL produces plain {@link dev.pedigree.pipeline.Pipeline} objects, which core runs.
 */
package dev.pedigree.dsl;
