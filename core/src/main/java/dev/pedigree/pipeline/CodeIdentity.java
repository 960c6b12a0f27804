package dev.pedigree.pipeline;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.lineage.CodeVersion;
import dev.pedigree.objects.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a stage's code is identified in its fingerprint: a change of identity makes the stage
 * run again. Choose one of three, knowing what each catches and misses:
 *
 * <ul>
 *   <li>{@link #version(String)}: a version string you maintain. Catches exactly what you
 *       decide by changing it; misses every change you forget to announce.
 *   <li>{@link #ofClass(Class)}: the SHA-256 of the bytecode ({@code .class} resources) of a
 *       class, of its member and anonymous classes, and, for a lambda, of the class that
 *       declares it. Catches any change to the code of those classes (including constants
 *       inlined into them). Misses changes in other classes they call, in libraries, and in
 *       data read outside the declared inputs; a recompilation by another compiler may count
 *       as a change.
 *   <li>{@link #gitCommit(Path)}: the commit of the git work tree holding a directory. Catches
 *       any committed change anywhere in the tree. When the tree has uncommitted changes to
 *       tracked files, the SHA-256 of {@code git diff HEAD} is added, so an edit counts as a
 *       change and the same edit twice does not; untracked files are missed. Requires the
 *       {@code git} command; outside a work tree the stage fails.
 * </ul>
 *
 * <pre>{@code
 * CodeIdentity.version("v3");
 * CodeIdentity.ofClass(Train.class);
 * CodeIdentity.gitCommit(Path.of("."));
 * }</pre>
 */
public final class CodeIdentity {
  private enum Kind { VERSION, CLASS, GIT }

  private final Kind kind;
  private final String version;
  private final Class<?> type;
  private final Path workTree;

  private CodeIdentity(Kind kind, String version, Class<?> type, Path workTree) {
    this.kind = kind;
    this.version = version;
    this.type = type;
    this.workTree = workTree;
  }

  /**
   * Identifies the code by a version string.
   *
   * @param version such as {@code v3} or a release number; not blank
   * @return the identity
   */
  public static CodeIdentity version(String version) {
    if (InvalidRequestException.requireNonNull(version, "version").isBlank()) {
      throw new InvalidRequestException("A code version must not be blank");
    }
    return new CodeIdentity(Kind.VERSION, version, null, null);
  }

  /**
   * Identifies the code by the bytecode of a class (for a lambda's class, the class that
   * declares the lambda).
   *
   * @param type the class implementing the stage's action
   * @return the identity
   * @throws InvalidRequestException if the class is hidden but not a lambda
   */
  public static CodeIdentity ofClass(Class<?> type) {
    return new CodeIdentity(Kind.CLASS, null, hostOf(InvalidRequestException.requireNonNull(type, "type")), null);
  }

  /**
   * Identifies the code by the git commit (and uncommitted diff) of a work tree.
   *
   * @param directory a directory inside the work tree
   * @return the identity
   */
  public static CodeIdentity gitCommit(Path directory) {
    return new CodeIdentity(Kind.GIT, null, null, InvalidRequestException.requireNonNull(directory, "directory").toAbsolutePath().normalize());
  }

  /**
   * Computes the identity now: reads the class files or asks git.
   *
   * @return the resolved identity
   * @throws InvalidRequestException if the class files cannot be read or the directory is not
   *     in a git work tree
   */
  ResolvedCode resolve() {
    switch (kind) {
      case VERSION:
        return new ResolvedCode("version:" + version, CodeVersion.of(version));
      case CLASS: {
        String digest = classDigest(type).toString();
        return new ResolvedCode("class:" + type.getName() + "@" + digest,
            CodeVersion.of("class " + type.getName() + " " + digest.substring(0, 19)));
      }
      default: {
        CodeVersion detected = CodeVersion.detect(workTree);
        if (detected.gitCommit().isEmpty()) {
          throw new InvalidRequestException("Cannot identify the code by git commit: " + workTree
              + " is not inside a git work tree, or git is not installed; use CodeIdentity.version() or ofClass() instead");
        }
        String token = "git:" + detected.gitCommit().get();
        if (detected.dirty()) {
          token += "+diff:" + GitDiff.digest(workTree);
        }
        return new ResolvedCode(token, detected);
      }
    }
  }

  @Override
  public String toString() {
    switch (kind) {
      case VERSION:
        return "version " + version;
      case CLASS:
        return "bytecode of " + type.getName();
      default:
        return "git commit of " + workTree;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CodeIdentity c && c.kind == kind && Objects.equals(c.version, version)
        && Objects.equals(c.type, type) && Objects.equals(c.workTree, workTree);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, version, type, workTree);
  }

  /** A lambda or other hidden class has no class file; its code lives in its declaring class. */
  static Class<?> hostOf(Class<?> type) {
    if (!type.isHidden()) {
      return type;
    }
    String name = type.getName();
    int marker = name.indexOf("$$Lambda");
    if (marker < 0) {
      throw new InvalidRequestException("Cannot fingerprint the bytecode of " + name
          + ": it is a hidden class with no class file; use CodeIdentity.ofClass() on the class that defines it");
    }
    try {
      return Class.forName(name.substring(0, marker), false, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new InvalidRequestException("Cannot fingerprint the bytecode of lambda " + name
          + ": its declaring class is not loadable (" + e.getMessage() + "); use CodeIdentity.version() instead");
    }
  }

  /** Hashes the class file of a class, of its member classes and of its anonymous classes, in a fixed order. */
  static Digest classDigest(Class<?> type) {
    MessageDigest sha256 = Digest.newSha256();
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(type);
    while (!todo.isEmpty()) {
      Class<?> next = todo.removeFirst();
      if (!seen.add(next)) {
        continue;
      }
      byte[] bytes = classFile(next, next.getName()).orElseThrow(() -> new InvalidRequestException(
          "Cannot fingerprint the bytecode of " + next.getName() + ": its class file is not readable from its class loader"
              + "; use CodeIdentity.version() instead"));
      update(sha256, next.getName(), bytes);
      for (int i = 1; ; i++) {
        Optional<byte[]> anonymous = classFile(next, next.getName() + "$" + i);
        if (anonymous.isEmpty()) {
          break;
        }
        update(sha256, next.getName() + "$" + i, anonymous.get());
      }
      for (Class<?> member : next.getDeclaredClasses()) {
        todo.add(member);
      }
    }
    return Digest.fromBytes(sha256.digest());
  }

  private static void update(MessageDigest sha256, String name, byte[] bytes) {
    sha256.update(name.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    sha256.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    sha256.update(bytes);
  }

  private static Optional<byte[]> classFile(Class<?> anchor, String className) {
    String resource = "/" + className.replace('.', '/') + ".class";
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new InvalidRequestException("Cannot fingerprint the bytecode of " + className + ": reading " + resource
          + " failed (" + e.getMessage() + "); use CodeIdentity.version() instead");
    }
  }

  /**
   * A code identity computed for one pipeline run.
   *
   * @param token what enters the fingerprint
   * @param version what the lineage records
   */
  record ResolvedCode(String token, CodeVersion version) {
  }
}
