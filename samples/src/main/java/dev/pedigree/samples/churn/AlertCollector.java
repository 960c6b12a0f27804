package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.gates.Promotion;
import dev.pedigree.gates.PromotionListener;
import dev.pedigree.gates.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample's alerting, as a promotion listener: it keeps each alert's text for the report to
 * print and the output folder to keep. A real team would page someone or post to a channel here.
 */
final class AlertCollector implements PromotionListener {
  private final List<String> pending = new ArrayList<>();
  private final List<String> all = new ArrayList<>();

  @Override
  public void rejected(Promotion promotion) {
    add(promotion.candidate() + " rejected for " + promotion.alias() + " by "
        + promotion.verdict().map(Verdict::gate).orElse("the gate") + " — "
        + promotion.verdict().flatMap(v -> v.failures().stream().findFirst()).map(r -> r.evidence().summary())
            .orElse(promotion.explanation()));
  }

  @Override
  public void rolledBack(AliasChange change) {
    add(change.alias() + " rolled back from v" + change.from().orElse(0) + " to v" + change.to().orElse(0) + " — "
        + change.reason());
  }

  /** Raises an alert the promoter cannot: a verification step (no alias move) that failed. */
  void verificationFailed(Verdict verdict) {
    add(verdict.candidate() + " failed " + verdict.gate() + " in staging — " + verdict.failures().stream()
        .findFirst().map(r -> r.evidence().summary()).orElse(verdict.summary()) + "; production was not touched");
  }

  private void add(String text) {
    pending.add(text);
    all.add(text);
  }

  /** Returns and forgets the alerts raised since the last call. */
  List<String> drain() {
    List<String> copy = List.copyOf(pending);
    pending.clear();
    return copy;
  }

  List<String> all() {
    return List.copyOf(all);
  }
}
