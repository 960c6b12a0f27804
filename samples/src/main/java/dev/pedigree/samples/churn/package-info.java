/**
 * The main job: weekly retraining of a churn model with a promotion gate and rollback (the
 * origin document's "Versioned ML Pipeline with Rollback").
 *
 * <p>{@link dev.pedigree.samples.churn.ChurnSample} simulates several weeks in one run: each
 * week's customer data is versioned, preprocessed with data-quality checks, used to train a
 * classifier that is evaluated by AUC and log loss, and gated against the production model
 * ("fail if the new model's AUC is 1% or more below production's"); a passing model goes to
 * {@code staging}, passes an integration check and moves to {@code production}; a failing one
 * raises an alert and production stays; production is watched against live outcomes and
 * rolled back in one call when it does worse than the version before it.
 */
package dev.pedigree.samples.churn;
