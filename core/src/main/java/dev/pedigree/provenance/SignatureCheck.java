package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;

/**
 * A gate check that passes only a candidate its {@link TrustPolicy} trusts, so an unsigned,
 * tampered or untrusted model is never promoted; the evidence names every requirement met and
 * every one missing.
 *
 * <pre>{@code
 * Gate production = Gate.named("production")
 *     .require(SignatureCheck.named("signed-by-release-key", policy))
 *     .build();
 * }</pre>
 */
public final class SignatureCheck implements Check {
  private final String name;
  private final TrustPolicy policy;

  private SignatureCheck(String name, TrustPolicy policy) {
    this.name = Check.requireValidName(name);
    this.policy = InvalidRequestException.requireNonNull(policy, "policy");
  }

  /**
   * Returns a check of a policy.
   *
   * @param name the check's name in verdicts
   * @param policy what the candidate must carry
   * @return the check
   */
  public static SignatureCheck named(String name, TrustPolicy policy) {
    return new SignatureCheck(name, policy);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    TrustDecision decision = policy.evaluate(context.requireRepository(name), context.candidate());
    Evidence.Builder evidence = Evidence.builder(decision.explanation())
        .observed("trusted keys", String.join(",", policy.trustedKeys()));
    for (int i = 0; i < decision.satisfied().size(); i++) {
      evidence.observed("met " + (i + 1), decision.satisfied().get(i));
    }
    for (int i = 0; i < decision.problems().size(); i++) {
      evidence.observed("missing " + (i + 1), decision.problems().get(i));
    }
    return CheckResult.of(name, decision.trusted(), evidence.build());
  }

  @Override
  public String toString() {
    return "SignatureCheck[" + name + ", " + policy + "]";
  }
}
