package dev.pedigree.testing;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.audit.AuditVerification;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.lineage.Run;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Repository}: its aliases, audit log and lineage.
 *
 * <pre>{@code
 * assertThat(repo).alias("churn-model", "production").holdsVersion(3);
 * assertThat(repo).hasAuditEvents(AuditEventType.GATE_VERDICT, 2).hasIntactAuditLog();
 * assertThat(repo).lineageOf("churn-model:3").hasInput("features:2");
 * }</pre>
 */
public final class RepositoryAssert extends AbstractAssert<RepositoryAssert, Repository> {
  RepositoryAssert(Repository actual) {
    super(actual, RepositoryAssert.class);
  }

  /**
   * Continues with assertions on an alias.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @return the alias's assertions
   */
  public AliasAssert alias(String artifact, String alias) {
    isNotNull();
    return new AliasAssert(actual, artifact, alias);
  }

  /**
   * Verifies how many audit events of a type there are.
   *
   * @param type the event type
   * @param count the number expected
   * @return this
   */
  public RepositoryAssert hasAuditEvents(AuditEventType type, long count) {
    isNotNull();
    long found = actual.audit().events(AuditQuery.all().type(type)).count();
    if (found != count) {
      failWithMessage("%nExpecting %d %s audit events%nbut was %d", count, type, found);
    }
    return this;
  }

  /**
   * Verifies that the audit log's hash chain is intact.
   *
   * @return this
   */
  public RepositoryAssert hasIntactAuditLog() {
    isNotNull();
    AuditVerification verification = actual.audit().verify();
    if (!verification.problems().isEmpty()) {
      failWithMessage("%nExpecting an intact audit log%nbut was damaged: %s", verification.problems());
    }
    return this;
  }

  /**
   * Continues with assertions on the run that produced a version.
   *
   * @param reference the version, such as {@code churn-model:3} or {@code churn-model@production}
   * @return the producing run's assertions
   */
  public RunAssert lineageOf(String reference) {
    isNotNull();
    ArtifactVersion version = null;
    try {
      version = actual.artifacts().resolve(reference);
    } catch (ArtifactNotFoundException e) {
      failWithMessage("%nExpecting %s to exist%nbut was not found: %s", reference, e.getMessage());
    }
    Optional<String> runId = version.producedBy();
    if (runId.isEmpty()) {
      failWithMessage("%nExpecting %s to have been produced by a run%nbut was registered outside any run", version.id());
    }
    Optional<Run> run = actual.runs().find(runId.get());
    if (run.isEmpty()) {
      failWithMessage("%nExpecting run %s, which produced %s, to be recorded%nbut was not found", runId.get(), version.id());
    }
    return new RunAssert(run.get());
  }
}
