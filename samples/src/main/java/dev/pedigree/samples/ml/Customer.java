package dev.pedigree.samples.ml;

import java.util.Objects;

/**
 * What the model knows of a customer: its input signature.
 *
 * @param id the customer's id (not a feature)
 * @param tenureMonths months as a customer, 0 or more
 * @param monthlyCharges the monthly bill, 0 or more
 * @param contract the contract type
 * @param supportCalls calls to support in the last quarter, 0 or more
 */
public record Customer(String id, int tenureMonths, double monthlyCharges, Contract contract, int supportCalls) {
  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a number is negative or not finite
   */
  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contract, "contract");
    if (tenureMonths < 0) {
      throw new IllegalArgumentException("Cannot describe customer '" + id + "': tenure_months is " + tenureMonths
          + "; it must be 0 or more");
    }
    if (!Double.isFinite(monthlyCharges) || monthlyCharges < 0) {
      throw new IllegalArgumentException("Cannot describe customer '" + id + "': monthly_charges is " + monthlyCharges
          + "; it must be a finite number, 0 or more");
    }
    if (supportCalls < 0) {
      throw new IllegalArgumentException("Cannot describe customer '" + id + "': support_calls is " + supportCalls
          + "; it must be 0 or more");
    }
  }
}
