package dev.pedigree.checks;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.BaselinePolicy;
import dev.pedigree.gates.Check;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drift of numeric columns between the baseline's table and the candidate's: the population
 * stability index (see {@link DriftStatistics#psi} for the binning) and the two-sample
 * Kolmogorov–Smirnov test from Apache Commons Statistics. A column fails when its PSI reaches
 * {@code maxPsi}, or when the KS p-value falls below {@code minKsPValue} (the distributions
 * differ significantly).
 *
 * <pre>{@code
 * DriftCheck.named("feature-drift").columns("age", "income").maxPsi(0.2).minKsPValue(0.01)
 *     .whenNoBaseline(BaselinePolicy.SKIP).build();
 * }</pre>
 *
 * <p>Both tables stream in one pass each. Each column keeps a uniform reservoir sample of at
 * most {@code sampleSize} values per table (default 10,000; seeded, so a result is repeatable);
 * PSI and KS are computed on those samples, so they are exact for tables up to that size and
 * estimates beyond it. Missing values are ignored; {@code NaN}s are ignored and counted in the
 * evidence; any other non-numeric value is an {@link InvalidDataException}. A column absent
 * from a table is an {@link InvalidRequestException}. A column with fewer than two values in
 * either table fails the check with a sentence saying so (the statistics are not defined there);
 * no exception of the statistics library ever escapes.
 */
public final class DriftCheck implements Check {
  private final String name;
  private final List<String> columns;
  private final Double maxPsi;
  private final Double minKsPValue;
  private final int bins;
  private final int sampleSize;
  private final BaselinePolicy noBaseline;
  private final TableResolver resolver;

  private DriftCheck(Builder b) {
    this.name = b.name;
    this.columns = List.copyOf(b.columns);
    this.maxPsi = b.maxPsi;
    this.minKsPValue = b.minKsPValue;
    this.bins = b.bins == null ? 10 : b.bins;
    this.sampleSize = b.sampleSize == null ? 10_000 : b.sampleSize;
    this.noBaseline = b.noBaseline;
    this.resolver = b.resolver == null ? TableResolver.storedCsv() : b.resolver;
  }

  /**
   * Starts building the check.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(Check.requireValidName(name));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    if (context.baseline().isEmpty()) {
      String what = "There is no baseline whose data " + String.join(", ", columns) + " could be compared with";
      return switch (noBaseline) {
        case PASS -> CheckResult.passed(name, what + "; passed by policy for a first promotion.");
        case FAIL -> CheckResult.failed(name, what + "; failed by policy: this check requires a baseline.");
        case SKIP -> CheckResult.skipped(name, Evidence.of(what + "; skipped by policy."));
      };
    }
    ArtifactVersion baseline = context.baseline().get();
    CheckResult result = compare(resolver.table(context, baseline, name),
        resolver.table(context, context.candidate(), name));
    return CheckResult.of(name, !result.blocking(), result.evidence().withBaseline(baseline.id()));
  }

  /**
   * Compares two tables directly (for tests and ad-hoc use).
   *
   * @param baseline the baseline's table
   * @param candidate the candidate's table
   * @return the result
   */
  public CheckResult compare(TableSource baseline, TableSource candidate) {
    Map<String, Sampled> base = sample(baseline);
    Map<String, Sampled> cand = sample(candidate);
    Evidence.Builder evidence = Evidence.builder("");
    List<String> sentences = new ArrayList<>();
    boolean ok = true;
    for (String column : columns) {
      Sampled b = base.get(column);
      Sampled c = cand.get(column);
      if (b.nans > 0 || c.nans > 0) {
        evidence.observed(column + ".nan", b.nans + " baseline, " + c.nans + " candidate");
      }
      double[] bs = b.reservoir.sample();
      double[] cs = c.reservoir.sample();
      if (bs.length < 2 || cs.length < 2) {
        ok = false;
        String side = bs.length < 2 ? "baseline" : "candidate";
        int n = bs.length < 2 ? bs.length : cs.length;
        sentences.add("column '" + column + "' has " + (n == 0 ? "no numeric values" : "a single numeric value")
            + " in the " + side + ", so its drift cannot be measured (at least two are needed)");
        continue;
      }
      List<String> parts = new ArrayList<>();
      boolean columnOk = true;
      if (maxPsi != null) {
        double psi = DriftStatistics.psi(bs, cs, bins);
        evidence.observed(column + ".psi", psi);
        evidence.threshold(column + ".psi", "< " + Evidence.format(maxPsi));
        boolean pass = psi < maxPsi;
        columnOk &= pass;
        parts.add("PSI " + Evidence.format(psi) + (pass ? " (under " : " (reaching the limit ") + Evidence.format(maxPsi) + ")");
      }
      if (minKsPValue != null) {
        double[] ks = DriftStatistics.ks(bs, cs);
        evidence.observed(column + ".ksD", ks[0]);
        evidence.observed(column + ".ksP", ks[1]);
        evidence.threshold(column + ".ksP", ">= " + Evidence.format(minKsPValue));
        boolean pass = ks[1] >= minKsPValue;
        columnOk &= pass;
        parts.add("KS D " + Evidence.format(ks[0]) + ", p " + Evidence.format(ks[1])
            + (pass ? " (at least " : " (below ") + Evidence.format(minKsPValue) + ")");
      }
      ok &= columnOk;
      sentences.add("column '" + column + "' " + (columnOk ? "is stable" : "drifted") + ": " + String.join(", ", parts)
          + " over " + bs.length + " baseline and " + cs.length + " candidate values");
    }
    String summary = candidate.description() + " against " + baseline.description() + ": " + String.join("; ", sentences) + ".";
    return CheckResult.of(name, ok, evidence.build().withSummary(summary));
  }

  private Map<String, Sampled> sample(TableSource table) {
    Map<String, Sampled> sampled = new LinkedHashMap<>();
    try (TableCursor cursor = table.open()) {
      List<String> names = cursor.columns();
      int[] index = new int[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        index[i] = names.indexOf(columns.get(i));
        if (index[i] < 0) {
          throw new InvalidRequestException("Cannot measure drift of column '" + columns.get(i) + "' in check '" + name
              + "': " + table.description() + " has no such column; its columns are " + names
              + "; fix the column name in the check");
        }
        sampled.put(columns.get(i), new Sampled(new Reservoir(sampleSize, 0x5eed + i)));
      }
      while (cursor.next()) {
        for (int i = 0; i < index.length; i++) {
          String value = cursor.value(index[i]);
          if (value == null) {
            continue;
          }
          double number;
          try {
            number = Double.parseDouble(value.trim());
          } catch (NumberFormatException e) {
            throw new InvalidDataException(table.description(), cursor.line(), "Cannot measure drift of column '"
                + columns.get(i) + "' in " + table.description() + ": line " + cursor.line() + " holds '" + value
                + "', which is not a number; drift applies to numeric columns, so fix the value or drop the column"
                + " from the check", e);
          }
          Sampled s = sampled.get(columns.get(i));
          if (Double.isNaN(number)) {
            s.nans++;
          } else {
            s.reservoir.add(number);
          }
        }
      }
    }
    return sampled;
  }

  private static final class Sampled {
    final Reservoir reservoir;
    long nans;

    Sampled(Reservoir reservoir) {
      this.reservoir = reservoir;
    }
  }

  /** Builds a {@link DriftCheck}. Strict: each setting once, at least one measure and a no-baseline policy. */
  public static final class Builder {
    private final String name;
    private final Set<String> columns = new LinkedHashSet<>();
    private Double maxPsi;
    private Double minKsPValue;
    private Integer bins;
    private Integer sampleSize;
    private BaselinePolicy noBaseline;
    private TableResolver resolver;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds numeric columns to compare.
     *
     * @param names the columns
     * @return this builder
     */
    public Builder columns(String... names) {
      for (String column : names) {
        if (!columns.add(InvalidRequestException.requireNonNull(column, "column"))) {
          throw new InvalidRequestException("Cannot add column '" + column + "' to check '" + name + "' twice");
        }
      }
      return this;
    }

    /**
     * Fails a column whose PSI reaches this value (0.2 and 0.25 are common choices).
     *
     * @param limit greater than 0
     * @return this builder
     */
    public Builder maxPsi(double limit) {
      if (maxPsi != null) {
        throw new InvalidRequestException("Cannot set maxPsi of check '" + name + "' twice: it is already " + maxPsi);
      }
      if (!(limit > 0)) {
        throw new InvalidRequestException("Cannot use PSI limit " + limit + ": give a positive number such as 0.2");
      }
      maxPsi = limit;
      return this;
    }

    /**
     * Fails a column whose KS p-value falls below this significance level.
     *
     * @param alpha between 0 and 1, such as 0.01
     * @return this builder
     */
    public Builder minKsPValue(double alpha) {
      if (minKsPValue != null) {
        throw new InvalidRequestException("Cannot set minKsPValue of check '" + name + "' twice: it is already "
            + minKsPValue);
      }
      if (!(alpha > 0 && alpha < 1)) {
        throw new InvalidRequestException("Cannot use KS significance " + alpha + ": give a level between 0 and 1");
      }
      minKsPValue = alpha;
      return this;
    }

    /**
     * Sets the number of quantile bins for PSI (default 10).
     *
     * @param count at least 2
     * @return this builder
     */
    public Builder bins(int count) {
      if (bins != null) {
        throw new InvalidRequestException("Cannot set bins of check '" + name + "' twice");
      }
      if (count < 2) {
        throw new InvalidRequestException("Cannot use " + count + " PSI bins: use at least 2");
      }
      bins = count;
      return this;
    }

    /**
     * Sets how many values per column and table are sampled (default 10,000).
     *
     * @param values at least 10
     * @return this builder
     */
    public Builder sampleSize(int values) {
      if (sampleSize != null) {
        throw new InvalidRequestException("Cannot set sampleSize of check '" + name + "' twice");
      }
      if (values < 10) {
        throw new InvalidRequestException("Cannot sample " + values + " values: use at least 10");
      }
      sampleSize = values;
      return this;
    }

    /**
     * Sets what happens when there is no baseline yet.
     *
     * @param policy pass, fail or skip
     * @return this builder
     */
    public Builder whenNoBaseline(BaselinePolicy policy) {
      if (noBaseline != null) {
        throw new InvalidRequestException("Cannot set the no-baseline policy of check '" + name + "' twice");
      }
      noBaseline = InvalidRequestException.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets where tables come from (default: stored content as CSV).
     *
     * @param tables the resolver
     * @return this builder
     */
    public Builder tables(TableResolver tables) {
      if (resolver != null) {
        throw new InvalidRequestException("Cannot set the table resolver of check '" + name + "' twice");
      }
      resolver = InvalidRequestException.requireNonNull(tables, "tables");
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws InvalidRequestException if a needed setting is missing
     */
    public DriftCheck build() {
      if (columns.isEmpty()) {
        throw new InvalidRequestException("Cannot build check '" + name + "': no columns; call columns(\"age\")");
      }
      if (maxPsi == null && minKsPValue == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': no drift measure; call maxPsi or minKsPValue");
      }
      if (noBaseline == null) {
        throw new InvalidRequestException("Cannot build check '" + name + "': drift compares with a baseline and needs a"
            + " policy for the first promotion; call whenNoBaseline(BaselinePolicy.PASS, FAIL or SKIP)");
      }
      return new DriftCheck(this);
    }
  }
}
