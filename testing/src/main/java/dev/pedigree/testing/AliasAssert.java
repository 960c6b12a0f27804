package dev.pedigree.testing;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.AliasChange;
import dev.pedigree.artifacts.ArtifactVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one alias of a repository, read when each assertion runs.
 *
 * <pre>{@code
 * assertThat(repo).alias("churn-model", "production").holdsVersion(3).hasHistory(1, 2, 3);
 * }</pre>
 */
public final class AliasAssert extends AbstractAssert<AliasAssert, String> {
  private final Repository repository;
  private final String artifact;
  private final String alias;

  AliasAssert(Repository repository, String artifact, String alias) {
    super(artifact + "@" + alias, AliasAssert.class);
    this.repository = repository;
    this.artifact = artifact;
    this.alias = alias;
  }

  /**
   * Verifies the version the alias holds.
   *
   * @param version the number expected
   * @return this
   */
  public AliasAssert holdsVersion(int version) {
    Optional<ArtifactVersion> holder = repository.artifacts().alias(artifact, alias);
    if (holder.isEmpty() || holder.get().number() != version) {
      failWithMessage("%nExpecting %s to hold version %d%nbut was %s", actual, version,
          holder.map(v -> "holding version " + v.number()).orElse("absent (never moved or removed)"));
    }
    return this;
  }

  /**
   * Verifies that the alias does not exist.
   *
   * @return this
   */
  public AliasAssert isAbsent() {
    Optional<ArtifactVersion> holder = repository.artifacts().alias(artifact, alias);
    if (holder.isPresent()) {
      failWithMessage("%nExpecting %s to be absent%nbut was holding version %d", actual, holder.get().number());
    }
    return this;
  }

  /**
   * Verifies the versions the alias has held, oldest first (removals left out).
   *
   * @param versions the numbers expected
   * @return this
   */
  public AliasAssert hasHistory(int... versions) {
    List<Integer> held = repository.artifacts().aliasHistory(artifact, alias).stream().map(AliasChange::to)
        .filter(OptionalInt::isPresent).map(OptionalInt::getAsInt).toList();
    List<Integer> oldestFirst = new java.util.ArrayList<>(held);
    java.util.Collections.reverse(oldestFirst);
    List<Integer> expected = Arrays.stream(versions).boxed().toList();
    if (!oldestFirst.equals(expected)) {
      failWithMessage("%nExpecting %s to have held versions %s%nbut was %s", actual, expected, oldestFirst);
    }
    return this;
  }

  /**
   * Verifies the kind of the alias's last move (such as a promotion or a rollback).
   *
   * @param kind the kind expected
   * @return this
   */
  public AliasAssert lastMovedBy(AliasChange.Kind kind) {
    List<AliasChange> history = repository.artifacts().aliasHistory(artifact, alias);
    if (history.isEmpty() || history.get(0).kind() != kind) {
      failWithMessage("%nExpecting the last move of %s to be a %s%nbut was %s", actual, kind,
          history.isEmpty() ? "never moved" : "a " + history.get(0).kind() + " (" + history.get(0).reason() + ")");
    }
    return this;
  }
}
