package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.internal.Names;

/** Validation of artifact, alias and tag names. */
final class ArtifactNames {
  static final int MAX_LENGTH = 128;

  private ArtifactNames() {
  }

  static String requireValid(String name, String what) {
    String problem = Names.problem(name, MAX_LENGTH, MAX_LENGTH, false);
    if (problem != null) {
      throw new InvalidNameException(name, "Cannot use '" + Names.printable(name) + "' as " + article(what) + " name: "
          + problem + "; use letters, digits, '.', '_' and '-', starting with a letter or digit, such as 'churn-model'");
    }
    return name;
  }

  private static String article(String what) {
    return ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what;
  }
}
