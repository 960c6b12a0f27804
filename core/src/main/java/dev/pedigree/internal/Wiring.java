package dev.pedigree.internal;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.lineage.Runs;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.refs.RefStore;
import dev.pedigree.storage.BlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Constructs the parts of a repository whose constructors take internal types (the
 * {@link AuditedChanges} every change goes through), so that those constructors stay
 * package-private and no public signature names an internal type. Each part installs its
 * constructor here as its class loads; {@code Repository} builds through this class. Internal:
 * not API.
 */
public final class Wiring {
  /** Builds the artifact registry of one repository. */
  @FunctionalInterface
  public interface RegistryConstructor {
    /**
     * Builds the registry.
     *
     * @param objects the object store
     * @param refs the ref store
     * @param changes the one way refs change
     * @param actor who makes changes
     * @param clock the clock
     * @param statCacheFile the local stat cache that registering a folder reads and updates
     * @return the registry
     */
    ArtifactRegistry create(ObjectStore objects, RefStore refs, AuditedChanges changes, Supplier<String> actor,
        Clock clock, Path statCacheFile);
  }

  /** Builds the run recorder of one repository. */
  @FunctionalInterface
  public interface RunsConstructor {
    /**
     * Builds the run recorder.
     *
     * @param store the backend
     * @param objects the object store
     * @param refs the ref store
     * @param artifacts the registry
     * @param changes the one way refs change
     * @param actor who runs
     * @param clock the clock
     * @return the run recorder
     */
    Runs create(BlobStore store, ObjectStore objects, RefStore refs, ArtifactRegistry artifacts, AuditedChanges changes,
        Supplier<String> actor, Clock clock);
  }

  private static volatile RegistryConstructor registries;
  private static volatile RunsConstructor runs;

  private Wiring() {
  }

  /**
   * Installs the registry's constructor; {@link ArtifactRegistry} calls this as it loads.
   *
   * @param constructor the constructor
   */
  public static void install(RegistryConstructor constructor) {
    registries = Objects.requireNonNull(constructor, "constructor");
  }

  /**
   * Installs the run recorder's constructor; {@link Runs} calls this as it loads.
   *
   * @param constructor the constructor
   */
  public static void install(RunsConstructor constructor) {
    runs = Objects.requireNonNull(constructor, "constructor");
  }

  /**
   * Builds an artifact registry.
   *
   * @param objects the object store
   * @param refs the ref store
   * @param changes the one way refs change
   * @param actor who makes changes
   * @param clock the clock
   * @param statCacheFile the local stat cache that registering a folder reads and updates
   * @return the registry
   */
  public static ArtifactRegistry registry(ObjectStore objects, RefStore refs, AuditedChanges changes,
      Supplier<String> actor, Clock clock, Path statCacheFile) {
    initialise(ArtifactRegistry.class);
    return registries.create(objects, refs, changes, actor, clock, statCacheFile);
  }

  /**
   * Builds a run recorder.
   *
   * @param store the backend
   * @param objects the object store
   * @param refs the ref store
   * @param artifacts the registry
   * @param changes the one way refs change
   * @param actor who runs
   * @param clock the clock
   * @return the run recorder
   */
  public static Runs runs(BlobStore store, ObjectStore objects, RefStore refs, ArtifactRegistry artifacts,
      AuditedChanges changes, Supplier<String> actor, Clock clock) {
    initialise(Runs.class);
    return runs.create(store, objects, refs, artifacts, changes, actor, clock);
  }

  /** Runs a class's static initialiser, which installs its constructor, if it has not run yet. */
  private static void initialise(Class<?> type) {
    try {
      Class.forName(type.getName(), true, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("Cannot load " + type.getName() + ", which refers to this class: " + e, e);
    }
  }
}
