package dev.pedigree.samples.ml;

import java.util.Objects;

/**
 * A customer with the known outcome, as in training and evaluation data.
 *
 * @param customer the customer
 * @param churned whether the customer left
 */
public record LabelledCustomer(Customer customer, boolean churned) {
  /** Checks for nulls. */
  public LabelledCustomer {
    Objects.requireNonNull(customer, "customer");
  }
}
