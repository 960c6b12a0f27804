/**
 * The main job: weekly retraining of a churn model with a promotion gate and rollback (the
 * origin document's "Versioned ML Pipeline with Rollback").
 *
 * <p>{@link dev.pedigree.samples.churn.ChurnSample} simulates several weeks in one run: each
 * week's customer data is versioned and run through a three-stage pipeline declared with the
 * DSL (preprocess with a data-quality check, train, evaluate by AUC and log loss); a promotion
 * plan gates the candidate against the production model ("fail if the new model's AUC is 1%
 * or more below production's"), moves it to {@code staging}, runs an integration check and
 * moves it to {@code production}; a rejected one raises an alert through the promoter's
 * listener and production stays; production is watched against live outcomes and rolled back
 * in one call when it does worse than the version before it.
 */
package dev.pedigree.samples.churn;
