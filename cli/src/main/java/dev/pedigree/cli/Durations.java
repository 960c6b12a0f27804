package dev.pedigree.cli;

import dev.pedigree.maintenance.RetentionPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations as people write them on a command line: {@code 30d}, {@code 12h}, {@code 90m},
 * {@code 45s}, an ISO-8601 duration ({@code PT36H}), or {@code ever}.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("ever")) {
      return RetentionPolicy.EVER;
    }
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("Cannot read '" + text + "' as a duration: write a number and a"
          + " unit (30d, 12h, 90m, 45s, 2w), an ISO-8601 duration such as PT36H, or 'ever'");
    }
  }

  /** A duration as it was most likely written: {@code 30d}, {@code 12h}, {@code ever}. */
  static String format(Duration d) {
    if (d.equals(RetentionPolicy.EVER)) {
      return "ever";
    }
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toString();
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
