package dev.pedigree.samples.churn;

import dev.pedigree.samples.ml.ChurnCsv;
import dev.pedigree.samples.ml.Contract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Data-quality checks on a week's raw customer CSV, run by the preprocess stage before any
 * row is used: structure, completeness, ranges, allowed codes, uniqueness and a plausible
 * churn rate.
 */
final class DataQuality {
  static final int MIN_ROWS = 200;

  private DataQuality() {
  }

  /** The outcome of one rule. */
  record Finding(String rule, boolean passed, String detail) {
  }

  /** Every rule's outcome. */
  record Report(List<Finding> findings) {
    Report {
      findings = List.copyOf(findings);
    }

    boolean passed() {
      return findings.stream().allMatch(Finding::passed);
    }

    long passedCount() {
      return findings.stream().filter(Finding::passed).count();
    }

    List<Finding> failures() {
      return findings.stream().filter(f -> !f.passed()).toList();
    }
  }

  static Report check(byte[] csv) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
    List<Finding> findings = new ArrayList<>();
    findings.add(new Finding("header", lines.length > 0 && lines[0].equals(ChurnCsv.HEADER),
        lines.length > 0 ? "header: " + lines[0] : "empty file"));
    int rows = 0;
    int badShape = 0;
    int missing = 0;
    int tenureOut = 0;
    int chargesOut = 0;
    int callsOut = 0;
    int badContract = 0;
    int badLabel = 0;
    int churned = 0;
    Set<String> ids = new HashSet<>();
    int duplicates = 0;
    String firstProblem = null;
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      rows++;
      String[] f = lines[i].split(",", -1);
      if (f.length != 6) {
        badShape++;
        firstProblem = firstProblem == null ? "line " + (i + 1) + " has " + f.length + " fields" : firstProblem;
        continue;
      }
      boolean anyMissing = false;
      for (String field : f) {
        anyMissing |= field.isBlank();
      }
      if (anyMissing) {
        missing++;
        firstProblem = firstProblem == null ? "line " + (i + 1) + " has an empty field" : firstProblem;
        continue;
      }
      if (!ids.add(f[0])) {
        duplicates++;
      }
      tenureOut += inRange(f[1], 0, 120) ? 0 : 1;
      chargesOut += inRange(f[2], 0, 1000) ? 0 : 1;
      callsOut += inRange(f[4], 0, 50) ? 0 : 1;
      try {
        Contract.ofCode(f[3]);
      } catch (IllegalArgumentException e) {
        badContract++;
      }
      if (f[5].equals("1")) {
        churned++;
      } else if (!f[5].equals("0")) {
        badLabel++;
      }
    }
    findings.add(new Finding("row count >= " + MIN_ROWS, rows >= MIN_ROWS, rows + " rows"));
    findings.add(new Finding("six fields per row", badShape == 0, badShape + " malformed rows"
        + (firstProblem != null && badShape > 0 ? " (" + firstProblem + ")" : "")));
    findings.add(new Finding("no missing values", missing == 0, missing + " rows with an empty field"));
    findings.add(new Finding("customer_id unique", duplicates == 0, duplicates + " duplicate ids"));
    findings.add(new Finding("tenure_months in [0, 120]", tenureOut == 0, tenureOut + " rows out of range"));
    findings.add(new Finding("monthly_charges in [0, 1000]", chargesOut == 0, chargesOut + " rows out of range"));
    findings.add(new Finding("support_calls in [0, 50]", callsOut == 0, callsOut + " rows out of range"));
    findings.add(new Finding("contract is a known code", badContract == 0, badContract + " unknown codes"));
    findings.add(new Finding("churned is 0 or 1", badLabel == 0, badLabel + " invalid outcomes"));
    double rate = rows == 0 ? 0 : churned / (double) rows;
    findings.add(new Finding("churn rate in [5%, 50%]", rate >= 0.05 && rate <= 0.5,
        String.format(Locale.ROOT, "%.1f%% churned", rate * 100)));
    return new Report(findings);
  }

  private static boolean inRange(String text, double low, double high) {
    try {
      double value = Double.parseDouble(text);
      return value >= low && value <= high;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
