package dev.pedigree.samples.churn;

import dev.pedigree.artifacts.VersionId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of the sample's promotion gate on one candidate.
 *
 * <p>Interim: the sample's own minimal gate, kept in this package (with {@link AucGate} and
 * {@link VerdictFormats}) until the library's {@code dev.pedigree.gates} lands on main.
 */
record GateVerdict(String gate, int week, VersionId candidate, Optional<VersionId> baseline, List<Check> checks) {
  GateVerdict {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(baseline, "baseline");
    checks = List.copyOf(checks);
  }

  /** One check's outcome, with the evidence it rests on. */
  record Check(String name, boolean passed, String message, Map<String, String> evidence) {
    Check {
      evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
  }

  boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The first failing check's message, or a short pass statement. */
  String summary() {
    return checks.stream().filter(c -> !c.passed()).map(Check::message).findFirst()
        .orElse(checks.isEmpty() ? "no checks" : checks.get(checks.size() - 1).message());
  }
}
