/**
 * Promotion gates: {@link dev.pedigree.gates.Check checks} that judge a candidate version (and,
 * where they compare, a baseline: by default the current holder of the target alias), named
 * {@link dev.pedigree.gates.Gate gates} of required and advisory checks, the
 * {@link dev.pedigree.gates.Verdict verdict} they give with evidence a person can read, and the
 * {@link dev.pedigree.gates.Promoter promoter} that moves an alias only when a gate passes and
 * records every verdict in the audit log.
 *
 * <pre>{@code
 * Gate production = Gate.named("production")
 *     .require(MetricCheck.named("auc-floor").metric("auc").atLeast(0.80).build())
 *     .require(MetricCheck.named("auc-not-worse").metric("auc").higherIsBetter().maxRelativeDrop(0.01)
 *         .whenNoBaseline(BaselinePolicy.PASS).build())
 *     .build();
 * Promotion p = Promoter.of(repo).promote(VersionId.parse("churn-model:8"), "production", production);
 * }</pre>
 */
package dev.pedigree.gates;
