/**
 * Runnable samples of Pedigree: the three practice projects of the project's origin document.
 *
 * <ul>
 *   <li>{@link dev.pedigree.samples.churn} — a versioned weekly churn pipeline with a promotion
 *       gate and rollback (the main job);</li>
 *   <li>{@link dev.pedigree.samples.serving} — a model-serving pipeline and an HTTP prediction
 *       service that follows {@code model@production};</li>
 *   <li>{@link dev.pedigree.samples.gitops} — versioned feature definitions, canary rollout and a
 *       GitOps repository that records each deployment.</li>
 * </ul>
 *
 * <p>{@link dev.pedigree.samples.ml} holds the small machine-learning toolkit they share: a
 * deterministic churn data generator, training with Tribuo, and evaluation.
 */
package dev.pedigree.samples;
