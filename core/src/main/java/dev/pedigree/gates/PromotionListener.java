package dev.pedigree.gates;

import dev.pedigree.artifacts.AliasChange;

/**
 * Hears what a {@link Promoter} does: the hook for alerts (chat messages, pages, tickets). Each
 * method has an empty default, so a listener implements only what it needs. Listeners run on
 * the promoting thread after the change (and its audit event) is stored; an exception thrown by
 * a listener is logged with its stack trace and does not undo or hide the promotion.
 *
 * <pre>{@code
 * Promoter promoter = Promoter.builder(repo).listener(new PromotionListener() {
 *   public void rejected(Promotion p) { alerts.send(p.explanation()); }
 * }).build();
 * }</pre>
 */
public interface PromotionListener {
  /**
   * Called after a candidate was promoted.
   *
   * @param promotion what happened
   */
  default void promoted(Promotion promotion) {
  }

  /**
   * Called after a gate rejected a candidate.
   *
   * @param promotion what happened, with the verdict
   */
  default void rejected(Promotion promotion) {
  }

  /**
   * Called after an alias was rolled back.
   *
   * @param change the rollback as recorded in the alias's history
   */
  default void rolledBack(AliasChange change) {
  }
}
