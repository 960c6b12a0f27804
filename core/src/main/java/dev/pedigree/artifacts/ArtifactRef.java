package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.internal.Names;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A reference to a version of an artifact, as people write it: {@code churn-model@production}
 * (the version an alias holds), {@code churn-model:7} (a version number) or {@code churn-model}
 * (the latest version).
 *
 * @param artifact the artifact's name
 * @param version the version number, when the reference names one
 * @param alias the alias, when the reference names one
 */
public record ArtifactRef(String artifact, OptionalInt version, Optional<String> alias) {
  /**
   * Validates the fields: a version and an alias are not both given.
   *
   * @throws InvalidNameException if a name is invalid
   */
  public ArtifactRef {
    ArtifactNames.requireValid(artifact, "artifact");
    if (version.isPresent() && alias.isPresent()) {
      throw new InvalidNameException(artifact, "Cannot refer to '" + artifact + "' by both version " + version.getAsInt()
          + " and alias '" + alias.get() + "'; give one of them");
    }
    if (version.isPresent() && version.getAsInt() < 1) {
      throw new InvalidNameException(artifact, "Cannot refer to version " + version.getAsInt() + " of '" + artifact
          + "': version numbers start at 1");
    }
    alias.ifPresent(a -> ArtifactNames.requireValid(a, "alias"));
  }

  /**
   * Parses a reference.
   *
   * @param text {@code name}, {@code name:N} or {@code name@alias}
   * @return the reference
   * @throws InvalidNameException if the text is not of one of those forms
   */
  public static ArtifactRef parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidNameException(text, "Cannot parse an empty artifact reference; write 'name', 'name:7' or 'name@production'");
    }
    int at = text.indexOf('@');
    int colon = text.indexOf(':');
    if (at >= 0 && colon >= 0) {
      throw new InvalidNameException(text, "Cannot parse '" + Names.printable(text)
          + "': it has both ':' and '@'; write 'name:7' for a version or 'name@production' for an alias");
    }
    if (at >= 0) {
      return alias(text.substring(0, at), text.substring(at + 1));
    }
    if (colon >= 0) {
      String number = text.substring(colon + 1);
      if (!number.matches("[0-9]{1,9}")) {
        throw new InvalidNameException(text, "Cannot parse '" + Names.printable(text) + "': '" + Names.printable(number)
            + "' after ':' is not a version number; write 'name:7'");
      }
      return version(text.substring(0, colon), Integer.parseInt(number));
    }
    return latest(text);
  }

  /**
   * Refers to the latest version of an artifact.
   *
   * @param artifact the name
   * @return the reference
   */
  public static ArtifactRef latest(String artifact) {
    return new ArtifactRef(artifact, OptionalInt.empty(), Optional.empty());
  }

  /**
   * Refers to a numbered version.
   *
   * @param artifact the name
   * @param number the version number
   * @return the reference
   */
  public static ArtifactRef version(String artifact, int number) {
    return new ArtifactRef(artifact, OptionalInt.of(number), Optional.empty());
  }

  /**
   * Refers to the version an alias holds.
   *
   * @param artifact the name
   * @param alias the alias
   * @return the reference
   */
  public static ArtifactRef alias(String artifact, String alias) {
    return new ArtifactRef(artifact, OptionalInt.empty(), Optional.of(alias));
  }

  @Override
  public String toString() {
    if (version.isPresent()) {
      return artifact + ":" + version.getAsInt();
    }
    return alias.map(a -> artifact + "@" + a).orElse(artifact);
  }
}
