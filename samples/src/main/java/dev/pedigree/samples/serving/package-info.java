/**
 * The origin document's "Automated Model Serving Pipeline": each run trains a churn model,
 * self-tests the prediction function, packages the model with its input signature as a
 * versioned artifact and deploys it by promoting it through a gate to {@code production}
 * ({@link dev.pedigree.samples.serving.ServingPipeline}); a small HTTP service built on the
 * JDK's {@code HttpServer} answers JSON prediction requests with whatever version holds
 * {@code production} at that moment, without a restart
 * ({@link dev.pedigree.samples.serving.PredictionService}).
 */
package dev.pedigree.samples.serving;
