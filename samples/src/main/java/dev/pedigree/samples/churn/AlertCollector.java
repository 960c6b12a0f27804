package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.AliasChange;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample's alerting: a promotion listener that keeps each alert's text, for the report to
 * print and the output folder to keep. A real team would page someone or post to a channel here.
 */
final class AlertCollector implements PromotionListener {
  private final List<String> pending = new ArrayList<>();
  private final List<String> all = new ArrayList<>();

  @Override
  public void rejected(GateVerdict verdict) {
    add("week " + verdict.week() + ": " + verdict.candidate() + " rejected by " + verdict.gate() + " — "
        + verdict.summary() + "; production stays at " + verdict.baseline().map(Object::toString).orElse("nothing"));
  }

  @Override
  public void rolledBack(AliasChange change) {
    add("production rolled back from v" + change.from().orElse(0) + " to v" + change.to().orElse(0) + " — "
        + change.reason());
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
