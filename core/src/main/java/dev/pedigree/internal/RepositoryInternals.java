package dev.pedigree.internal;

import dev.pedigree.Repository;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gives core's own packages (pipeline, gates) the lower layers of a {@link Repository}, which
 * its public API does not hand out, so that no outside caller can write around the audit.
 * Internal: not API.
 */
public final class RepositoryInternals {
  /**
   * The lower layers of one repository.
   *
   * @param store the backend
   * @param objects the object store
   * @param refs the ref store
   * @param changes the one way refs change, each with its audit event
   */
  public record Parts(BlobStore store, ObjectStore objects, RefStore refs, AuditedChanges changes) {
  }

  private static volatile Function<Repository, Parts> access;

  private RepositoryInternals() {
  }

  /**
   * Installs the accessor; {@link Repository} calls this once as it loads.
   *
   * @param accessor returns a repository's parts
   */
  public static void install(Function<Repository, Parts> accessor) {
    access = Objects.requireNonNull(accessor, "accessor");
  }

  /**
   * Returns a repository's lower layers.
   *
   * @param repository the repository
   * @return its parts
   */
  public static Parts of(Repository repository) {
    Objects.requireNonNull(repository, "repository");
    // A repository exists, so its class was initialised, which installed the accessor.
    Function<Repository, Parts> accessor = access;
    return accessor.apply(repository);
  }
}
