/**
 * The origin document's "GitOps-Driven Feature Store &amp; Model Deployment", on a laptop:
 * feature definitions (YAML) versioned as artifacts and validated against a JSON Schema
 * ({@link dev.pedigree.samples.gitops.FeatureDefinitions}); data-quality checks of sample data
 * against the definitions; a canary training run; a GitOps repository (a real git repository,
 * written through JGit) whose Helm-style {@code values.yaml} records each deployment step
 * ({@link dev.pedigree.samples.gitops.GitOpsRepository}); and a canary rollout that promotes a
 * healthy canary and rolls back a degraded one, reverting its commit
 * ({@link dev.pedigree.samples.gitops.CanaryRollout}).
 */
package dev.pedigree.samples.gitops;
