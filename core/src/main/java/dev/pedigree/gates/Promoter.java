package dev.pedigree.gates;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.AliasMove;
import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.RefConflictException;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.objects.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes versions to aliases through gates, and rolls aliases back; every verdict and every
 * move is recorded in the repository's audit log.
 *
 * <p>A promotion reads the alias's current holder as the baseline, evaluates the gate, and
 * records the verdict (event {@link AuditEventType#GATE_VERDICT}, whose details name the gate,
 * candidate, baseline, alias, outcome, failed and warned checks, and the digest of the full
 * verdict stored as a JSON object) whether it passed or not. Only if it passed does it move the
 * alias, by compare-and-swap expecting that same baseline. If another writer moved the alias
 * meanwhile, the move fails without effect, and the candidate is judged again against the new
 * holder; a candidate is never promoted on a verdict against a stale baseline. After
 * {@code maxAttempts} such races the promotion gives up with {@link RefConflictException}.
 *
 * <pre>{@code
 * Promotion p = Promoter.of(repo).promote(VersionId.parse("churn-model:8"), "production", gate);
 * if (!p.promoted()) {
 *   System.err.println(p.explanation());
 * }
 * }</pre>
 */
public final class Promoter {
  private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);

  private final Repository repository;
  private final List<PromotionListener> listeners;
  private final int maxAttempts;
  private final Clock clock;

  private Promoter(Builder builder) {
    this.repository = builder.repository;
    this.listeners = List.copyOf(builder.listeners);
    this.maxAttempts = builder.maxAttempts == null ? 10 : builder.maxAttempts;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
  }

  /**
   * Returns a promoter with no listeners and the default of 10 attempts.
   *
   * @param repository the repository whose aliases it moves
   * @return the promoter
   */
  public static Promoter of(Repository repository) {
    return builder(repository).build();
  }

  /**
   * Starts configuring a promoter.
   *
   * @param repository the repository whose aliases it moves
   * @return a builder
   */
  public static Builder builder(Repository repository) {
    return new Builder(repository);
  }

  /**
   * Returns the repository this promoter works on.
   *
   * @return the repository
   */
  public Repository repository() {
    return repository;
  }

  /**
   * Promotes a version, named as {@code churn-model:8}, to an alias through a gate.
   *
   * @param candidate the version's reference
   * @param alias the alias
   * @param gate the gate
   * @return what happened
   */
  public Promotion promote(String candidate, String alias, Gate gate) {
    return promote(repository.artifacts().resolve(candidate).id(), alias, gate);
  }

  /**
   * Promotes a version to an alias through a gate: see the class description.
   *
   * @param candidate the version
   * @param alias the alias
   * @param gate the gate
   * @return what happened: promoted, rejected (alias untouched) or already current
   * @throws RefConflictException if the alias kept moving during every attempt
   */
  public Promotion promote(VersionId candidate, String alias, Gate gate) {
    InvalidRequestException.requireNonNull(candidate, "candidate");
    InvalidRequestException.requireNonNull(alias, "alias");
    InvalidRequestException.requireNonNull(gate, "gate");
    ArtifactRegistry registry = repository.artifacts();
    ArtifactVersion version = registry.version(candidate);
    RefConflictException lastConflict = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Optional<ArtifactVersion> baseline = registry.alias(candidate.artifact(), alias);
      if (baseline.isPresent() && baseline.get().number() == candidate.number()) {
        LOG.info("{} already holds {}@{}; nothing to promote", candidate, candidate.artifact(), alias);
        return new Promotion(PromotionOutcome.ALREADY_CURRENT, candidate, alias, Optional.empty(), Optional.empty(), attempt);
      }
      Verdict verdict = gate.evaluate(CheckContext.of(version).withBaseline(baseline.orElse(null)).withAlias(alias)
          .withRepository(repository), clock);
      AuditEvent event = record(verdict, attempt, verdict.passed() ? "promote" : "reject");
      if (verdict.rejected()) {
        Promotion rejected = new Promotion(PromotionOutcome.REJECTED, candidate, alias, Optional.of(verdict),
            Optional.empty(), attempt);
        LOG.warn("Rejected {} for {}@{}: {}", candidate, candidate.artifact(), alias, verdict.summary());
        notify(l -> l.rejected(rejected));
        return rejected;
      }
      OptionalInt expected = baseline.map(b -> OptionalInt.of(b.number())).orElse(OptionalInt.empty());
      try {
        AliasChange change = registry.move(AliasMove.of(candidate.artifact(), alias).to(candidate.number())
            .expecting(expected).kind(AliasChange.Kind.PROMOTION)
            .reason("gate '" + gate.name() + "' passed (audit event " + event.sequence() + ")").build());
        Promotion promoted = new Promotion(PromotionOutcome.PROMOTED, candidate, alias, Optional.of(verdict),
            Optional.of(change), attempt);
        notify(l -> l.promoted(promoted));
        return promoted;
      } catch (RefConflictException e) {
        lastConflict = e;
        LOG.info("The holder of {}@{} moved while gate '{}' judged {} against {}; judging it again (attempt {} of {})",
            candidate.artifact(), alias, gate.name(), candidate, baseline.map(b -> b.id().toString()).orElse("nothing"),
            attempt, maxAttempts);
      }
    }
    throw new RefConflictException(lastConflict.ref(), lastConflict.expected(), lastConflict.actual(), "Cannot promote "
        + candidate + " to '" + alias + "': the alias moved during each of " + maxAttempts + " attempts, so every verdict"
        + " was against a stale baseline; try again when promotions to it are quieter, or raise maxAttempts");
  }

  /**
   * Evaluates a gate on a candidate against the alias's current holder without moving anything;
   * the verdict is still recorded in the audit log (with action {@code evaluate}). When the
   * candidate already holds the alias (an integration check after staging it), the baseline is
   * the holder it replaced, or none: a version is never its own baseline.
   *
   * @param candidate the version
   * @param alias the alias whose holder is the baseline
   * @param gate the gate
   * @return the verdict
   */
  public Verdict evaluate(VersionId candidate, String alias, Gate gate) {
    ArtifactRegistry registry = repository.artifacts();
    ArtifactVersion version = registry.version(candidate);
    Optional<ArtifactVersion> baseline = registry.alias(candidate.artifact(), alias);
    if (baseline.isPresent() && baseline.get().number() == candidate.number()) {
      // A version is never its own baseline: once staged, it is judged against the holder it replaced.
      baseline = registry.aliasHistory(candidate.artifact(), alias).stream().findFirst()
          .flatMap(move -> move.from().isPresent()
              ? Optional.of(registry.version(new VersionId(candidate.artifact(), move.from().getAsInt())))
              : Optional.<ArtifactVersion>empty());
    }
    Verdict verdict = gate.evaluate(CheckContext.of(version).withBaseline(baseline.orElse(null)).withAlias(alias)
        .withRepository(repository), clock);
    record(verdict, 1, "evaluate");
    return verdict;
  }

  /**
   * Moves an alias back to the version it held before its current holder, audited, and tells
   * the listeners.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @param reason why
   * @return the move as recorded
   * @throws dev.pedigree.exceptions.RollbackUnavailableException if the alias never held another version
   */
  public AliasChange rollback(String artifact, String alias, String reason) {
    AliasChange change = repository.artifacts().rollback(artifact, alias, reason);
    LOG.warn("Rolled back {}@{} to version {}: {}", artifact, alias, change.to().orElse(0), reason);
    notify(l -> l.rolledBack(change));
    return change;
  }

  /**
   * Moves an alias back to a named version, audited as a rollback, and tells the listeners.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @param version the version to restore
   * @param reason why
   * @return the move as recorded
   */
  public AliasChange rollbackTo(String artifact, String alias, int version, String reason) {
    AliasChange change = repository.artifacts().rollbackTo(artifact, alias, version, reason);
    LOG.warn("Rolled back {}@{} to version {}: {}", artifact, alias, version, reason);
    notify(l -> l.rolledBack(change));
    return change;
  }

  private AuditEvent record(Verdict verdict, int attempt, String action) {
    Digest stored = RepositoryInternals.of(repository).objects().put(verdict.render(VerdictFormat.JSON).getBytes(StandardCharsets.UTF_8));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("verdict", verdict.passed() ? "PASSED" : "REJECTED");
    details.put("gate", verdict.gate());
    details.put("candidate", verdict.candidate().toString());
    details.put("baseline", verdict.baseline().map(Object::toString).orElse("none"));
    details.put("alias", verdict.alias().orElse(""));
    details.put("action", action);
    details.put("attempt", Integer.toString(attempt));
    details.put("failed", verdict.failures().stream().map(CheckResult::check).collect(Collectors.joining(",")));
    details.put("warned", verdict.warnings().stream().map(CheckResult::check).collect(Collectors.joining(",")));
    details.put("summary", verdict.summary());
    details.put("record", stored.toString());
    String subject = verdict.candidate().artifact() + verdict.alias().map(a -> "@" + a).orElse(":" + verdict.candidate().number());
    return repository.audit().append(AuditEventType.GATE_VERDICT, subject, repository.actor(), details);
  }

  private void notify(java.util.function.Consumer<PromotionListener> call) {
    for (PromotionListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.error("Promotion listener {} failed; the promotion or rollback stands", listener, e);
      }
    }
  }

  /** Configures a {@link Promoter}; each setting once. */
  public static final class Builder {
    private final Repository repository;
    private final List<PromotionListener> listeners = new ArrayList<>();
    private Integer maxAttempts;
    private Clock clock;

    private Builder(Repository repository) {
      this.repository = InvalidRequestException.requireNonNull(repository, "repository");
    }

    /**
     * Adds a listener for promoted, rejected and rolled-back events.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(PromotionListener listener) {
      listeners.add(InvalidRequestException.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets how many times a promotion judges the candidate again when the alias moves under it
     * (default 10).
     *
     * @param attempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (maxAttempts != null) {
        throw new InvalidRequestException("Cannot set maxAttempts twice: it is already " + maxAttempts);
      }
      if (attempts < 1) {
        throw new InvalidRequestException("Cannot allow " + attempts + " attempts: give at least 1");
      }
      maxAttempts = attempts;
      return this;
    }

    /**
     * Sets the clock for verdict times (default: the system clock in UTC).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      if (clock != null) {
        throw new InvalidRequestException("Cannot set the clock twice");
      }
      clock = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Builds the promoter.
     *
     * @return the promoter
     */
    public Promoter build() {
      return new Promoter(this);
    }
  }
}
