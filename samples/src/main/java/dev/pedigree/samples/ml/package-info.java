/**
 * The small machine-learning toolkit the samples share: a deterministic generator of customer
 * churn data ({@link dev.pedigree.samples.ml.ChurnDataGenerator}), CSV reading and writing,
 * training a logistic-regression classifier with Tribuo ({@link dev.pedigree.samples.ml.ChurnModel}),
 * and evaluation by AUC and log loss ({@link dev.pedigree.samples.ml.Metrics}).
 */
package dev.pedigree.samples.ml;
