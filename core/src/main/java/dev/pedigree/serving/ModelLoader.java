package dev.pedigree.serving;

import dev.pedigree.artifacts.ArtifactVersion;
import java.nio.file.Path;

/**
 * Turns a checked-out version into the object a service serves (a model, a lookup table, a
 * configuration). An {@link AliasFollower} calls it on its own thread, after the content was
 * checked out and verified, and publishes the result only when it returns normally.
 *
 * <pre>{@code
 * ModelLoader<ChurnModel> loader = (version, content) -> {
 *   try (InputStream in = Files.newInputStream(content)) {
 *     return ChurnModel.read(in);
 *   }
 * };
 * }</pre>
 *
 * @param <M> the loaded object's type
 */
@FunctionalInterface
public interface ModelLoader<M> {
  /**
   * Loads a version.
   *
   * @param version the version being loaded
   * @param content the checked-out content: the file itself for a file version, the folder for a
   *     directory version; it stays in place while the version is served or kept as the previous one
   * @return the loaded object, not null
   * @throws Exception if the content cannot be loaded; the version is then refused and the
   *     version served before keeps serving
   */
  M load(ArtifactVersion version, Path content) throws Exception;
}
