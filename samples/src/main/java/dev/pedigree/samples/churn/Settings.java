package dev.pedigree.samples.churn;

import dev.pedigree.samples.ml.TrainingConfig;

/**
 * The sizes and seeds of a simulation.
 *
 * @param seed the data seed
 * @param customersPerWeek customers in each week's data
 * @param referenceCustomers customers in the fixed reference evaluation set
 * @param batchCustomers customers in the integration check's fixed batch
 * @param training the hyperparameters
 * @param plan the injected faults
 */
record Settings(long seed, int customersPerWeek, int referenceCustomers, int batchCustomers, TrainingConfig training,
    WeekPlan plan) {
  static Settings defaults() {
    return new Settings(42, 3000, 4000, 500, TrainingConfig.defaults(), WeekPlan.standard());
  }
}
