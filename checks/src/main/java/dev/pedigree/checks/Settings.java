package dev.pedigree.checks;

import dev.pedigree.exceptions.InvalidRequestException;

/** The argument rules the checks' strict builders share, with their messages. */
final class Settings {
  private Settings() {
  }

  /** Refuses a setting given twice. */
  static void once(Object current, String setting, String check) {
    if (current != null) {
      throw new InvalidRequestException("Cannot set " + setting + " of check '" + check + "' twice: it is already "
          + current + "; set it once");
    }
  }

  /** Accepts a fraction from 0 to 1. */
  static double fraction(double value, String setting, String check) {
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidRequestException("Cannot use " + value + " as " + setting + " of check '" + check
          + "': give a fraction from 0 to 1");
    }
    return value;
  }

  /** Accepts a significance level strictly between 0 and 1. */
  static double significance(double alpha, String setting, String check) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidRequestException("Cannot use " + alpha + " as " + setting + " of check '" + check
          + "': give a significance level between 0 and 1, such as 0.01");
    }
    return alpha;
  }
}
