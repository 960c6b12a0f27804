package dev.pedigree.gates;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import java.util.Optional;

/**
 * What a check evaluates: the candidate version, the baseline it is compared with (when there is
 * one), the alias the candidate is meant for, and the repository to read content from.
 *
 * <pre>{@code
 * CheckContext context = CheckContext.of(candidate).withBaseline(current).withAlias("production").withRepository(repo);
 * }</pre>
 *
 * @param candidate the version under judgement
 * @param baseline the version compared with; by default the current holder of the target alias
 * @param alias the alias the candidate is meant for
 * @param repository where content is read from, when the checks read content
 */
public record CheckContext(ArtifactVersion candidate, Optional<ArtifactVersion> baseline, Optional<String> alias,
    Optional<Repository> repository) {
  /** Validates the fields. */
  public CheckContext {
    InvalidRequestException.requireNonNull(candidate, "candidate");
    InvalidRequestException.requireNonNull(baseline, "baseline");
    InvalidRequestException.requireNonNull(alias, "alias");
    InvalidRequestException.requireNonNull(repository, "repository");
  }

  /**
   * Returns a context with a candidate only: no baseline, alias or repository.
   *
   * @param candidate the candidate
   * @return the context
   */
  public static CheckContext of(ArtifactVersion candidate) {
    return new CheckContext(candidate, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Returns a copy with a baseline.
   *
   * @param version the baseline, or {@code null} for none
   * @return the copy
   */
  public CheckContext withBaseline(ArtifactVersion version) {
    return new CheckContext(candidate, Optional.ofNullable(version), alias, repository);
  }

  /**
   * Returns a copy with the target alias.
   *
   * @param name the alias
   * @return the copy
   */
  public CheckContext withAlias(String name) {
    return new CheckContext(candidate, baseline, Optional.of(name), repository);
  }

  /**
   * Returns a copy with the repository to read content from.
   *
   * @param repo the repository
   * @return the copy
   */
  public CheckContext withRepository(Repository repo) {
    return new CheckContext(candidate, baseline, alias, Optional.of(repo));
  }

  /**
   * Returns the repository, for checks that read content.
   *
   * @param check the name of the check that needs it, for the error message
   * @return the repository
   * @throws InvalidRequestException if the context has none
   */
  public Repository requireRepository(String check) {
    return repository.orElseThrow(() -> new InvalidRequestException("Cannot run check '" + check + "' on "
        + candidate.id() + ": it reads content and the context has no repository; build the context with"
        + " withRepository(repo), or promote through a Promoter, which supplies it"));
  }
}
