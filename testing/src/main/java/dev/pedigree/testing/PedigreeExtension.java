package dev.pedigree.testing;

import com.google.common.io.MoreFiles;
import dev.pedigree.Repository;
import dev.pedigree.storage.MemoryBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that injects a fresh {@link Repository} into any test, lifecycle
 * method or constructor parameter of that type: in memory by default, or in a temporary
 * directory when the parameter is annotated {@link TempRepository}. Each parameter gets its own
 * repository, recorded with actor {@code test}; it is closed (and its directory deleted) when the
 * scope that asked for it ends: after the test method, or after the class for constructor and
 * {@code @BeforeAll} parameters.
 *
 * <pre>{@code
 * @ExtendWith(PedigreeExtension.class)
 * class GateTest {
 *   @Test
 *   void inMemory(Repository repo) { ... }
 *
 *   @Test
 *   void onDisk(@TempRepository Repository repo) { ... }
 * }
 * }</pre>
 */
public final class PedigreeExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PedigreeExtension.class);

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public PedigreeExtension() {
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == Repository.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Repository repository;
    Path directory = null;
    if (parameterContext.isAnnotated(TempRepository.class)) {
      try {
        directory = Files.createTempDirectory("pedigree-test-");
      } catch (IOException e) {
        throw new ParameterResolutionException("Cannot create a temporary directory for a @TempRepository: "
            + e.getMessage() + "; check that java.io.tmpdir is writable", e);
      }
      try {
        repository = Repository.builder(directory.toUri().toString()).actor("test").build();
      } catch (RuntimeException e) {
        try {
          deleteTree(directory);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    } else {
      repository = Repository.builder(new MemoryBlobStore()).actor("test").build();
    }
    extensionContext.getStore(NAMESPACE).put(parameterContext.getDeclaringExecutable() + "#" + parameterContext.getIndex(),
        new Opened(repository, directory));
    return repository;
  }

  /** A repository to close, and its directory to delete, when the store closes. */
  private record Opened(Repository repository, Path directory) implements AutoCloseable {
    @Override
    public void close() {
      try {
        repository.close();
      } finally {
        if (directory != null) {
          deleteTree(directory);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        // Guava's delete uses a secure directory stream where the OS has one: no link is followed.
        MoreFiles.deleteRecursively(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the temporary repository " + root + ": " + e.getMessage()
          + "; delete it by hand", e);
    }
  }
}
