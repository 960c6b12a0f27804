package dev.pedigree.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a model was trained on, recorded with its version so that serving can be compared with
 * it: the digest of the feature definitions the training used, and per feature column its count,
 * missing values and either quantiles (numbers) or category counts (text). It is a small JSON
 * record kept in the version's parameters under {@link #PARAM}, so it is immutable, hashed with
 * the version record, and read back with {@link #of(ArtifactVersion)}.
 *
 * <pre>{@code
 * FeatureProfile profile = FeatureProfile.builder(featureDefinitions.content().toString())
 *     .numeric("tenure_months", "monthly_charges").categorical("contract")
 *     .profile(CsvTables.file(trainingCsv));
 * repo.artifacts().register(NewVersion.of("churn-model", ArtifactKind.MODEL).file(model)
 *     .param(FeatureProfile.PARAM, profile.toJson()).build());
 * }</pre>
 *
 * <p>Numeric columns keep the 101 percentiles (NumPy's linear quantiles), the PSI bin edges
 * ({@link DriftStatistics#psiEdges}, the deciles) and the training counts in those bins, so
 * {@link SkewCheck} computes PSI exactly as against the training data and KS against the
 * training distribution interpolated between percentiles. Text columns keep the count of each
 * category, the {@value #MAX_CATEGORIES} most frequent exactly and the rest summed as "other".
 */
public final class FeatureProfile {
  /** The version parameter that holds the profile's JSON. */
  public static final String PARAM = "pedigree.feature-profile";
  /** The most categories kept per text column. */
  public static final int MAX_CATEGORIES = 1000;
  private static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String definitionsDigest;
  private final Map<String, Column> columns;

  private FeatureProfile(String definitionsDigest, Map<String, Column> columns) {
    this.definitionsDigest = definitionsDigest;
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * One column's summary.
   *
   * @param name the column
   * @param numeric whether it holds numbers (else categories)
   * @param count how many rows had a value
   * @param nulls how many rows had none
   * @param percentiles the 0th to 100th percentiles (numbers only, else empty)
   * @param edges the PSI bin edges (numbers only)
   * @param binCounts the training counts in the PSI bins (numbers only)
   * @param categories the count of each category (text only), with other categories summed in {@code otherCount}
   * @param otherCount rows whose category was beyond the kept ones
   */
  public record Column(String name, boolean numeric, long count, long nulls, double[] percentiles, double[] edges,
      long[] binCounts, Map<String, Long> categories, long otherCount) {
    /** Validates and copies the fields. */
    public Column {
      InvalidRequestException.requireNonNull(name, "name");
      percentiles = percentiles.clone();
      edges = edges.clone();
      binCounts = binCounts.clone();
      categories = Collections.unmodifiableMap(new TreeMap<>(categories));
    }

    /**
     * Returns the share of rows without a value.
     *
     * @return from 0 to 1
     */
    public double nullFraction() {
      return count + nulls == 0 ? 0 : (double) nulls / (count + nulls);
    }

    @Override
    public double[] percentiles() {
      return percentiles.clone();
    }

    @Override
    public double[] edges() {
      return edges.clone();
    }

    @Override
    public long[] binCounts() {
      return binCounts.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Column c && name.equals(c.name) && numeric == c.numeric && count == c.count
          && nulls == c.nulls && Arrays.equals(percentiles, c.percentiles) && Arrays.equals(edges, c.edges)
          && Arrays.equals(binCounts, c.binCounts) && categories.equals(c.categories) && otherCount == c.otherCount;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, count, nulls, Arrays.hashCode(percentiles), categories);
    }

    @Override
    public String toString() {
      return name + (numeric ? " (numeric, " : " (categorical, ") + count + " values, " + nulls + " nulls)";
    }
  }

  /**
   * Starts profiling training data.
   *
   * @param definitionsDigest the digest of the feature definitions the training used, such as the
   *     content digest of the definitions' artifact version
   * @return a builder
   */
  public static Builder builder(String definitionsDigest) {
    if (InvalidRequestException.requireNonNull(definitionsDigest, "definitionsDigest").isBlank()) {
      throw new InvalidRequestException("Cannot profile features without the digest of their definitions; pass the"
          + " content digest of the feature-definitions version the training used");
    }
    return new Builder(definitionsDigest);
  }

  /**
   * Reads the profile recorded with a version.
   *
   * @param version the version
   * @return the profile, or empty when the version has none
   * @throws InvalidDataException if the recorded profile is not valid
   */
  public static Optional<FeatureProfile> of(ArtifactVersion version) {
    String json = version.params().get(PARAM);
    return json == null ? Optional.empty() : Optional.of(fromJson(json, version.id().toString()));
  }

  /**
   * Returns the digest of the feature definitions the training used.
   *
   * @return the digest text
   */
  public String definitionsDigest() {
    return definitionsDigest;
  }

  /**
   * Returns the profiled columns in the order they were named.
   *
   * @return column summaries by name
   */
  public Map<String, Column> columns() {
    return columns;
  }

  /**
   * Returns the profile as compact JSON, for {@link #PARAM}.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("definitions", definitionsDigest);
    ArrayNode list = root.putArray("columns");
    for (Column c : columns.values()) {
      ObjectNode node = list.addObject();
      node.put("name", c.name());
      node.put("type", c.numeric() ? "numeric" : "categorical");
      node.put("count", c.count());
      node.put("nulls", c.nulls());
      if (c.numeric()) {
        ArrayNode p = node.putArray("percentiles");
        Arrays.stream(c.percentiles).forEach(p::add);
        ArrayNode e = node.putArray("edges");
        Arrays.stream(c.edges).forEach(e::add);
        ArrayNode b = node.putArray("binCounts");
        Arrays.stream(c.binCounts).forEach(b::add);
      } else {
        ObjectNode cats = node.putObject("categories");
        c.categories().forEach(cats::put);
        node.put("other", c.otherCount());
      }
    }
    return root.toString();
  }

  /**
   * Reads a profile from its JSON.
   *
   * @param json the text {@link #toJson()} gave
   * @param source where it came from, for messages
   * @return the profile
   * @throws InvalidDataException if it is not a valid profile
   */
  public static FeatureProfile fromJson(String json, String source) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || root.path("format").asInt() != FORMAT || !root.path("definitions").isTextual()) {
        throw new IOException("it is not a format-" + FORMAT + " feature profile");
      }
      Map<String, Column> columns = new LinkedHashMap<>();
      for (JsonNode node : root.path("columns")) {
        String name = node.path("name").asText();
        boolean numeric = "numeric".equals(node.path("type").asText());
        Map<String, Long> categories = new TreeMap<>();
        node.path("categories").properties().forEach(e -> categories.put(e.getKey(), e.getValue().asLong()));
        columns.put(name, new Column(name, numeric, node.path("count").asLong(), node.path("nulls").asLong(),
            doubles(node.path("percentiles")), doubles(node.path("edges")), longs(node.path("binCounts")), categories,
            node.path("other").asLong()));
      }
      return new FeatureProfile(root.path("definitions").asText(), columns);
    } catch (IOException e) {
      throw new InvalidDataException(source, 0, "Cannot read the feature profile of " + source + ": " + e.getMessage()
          + "; record it again with FeatureProfile.builder(..).profile(..).toJson()", e);
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureProfile p && definitionsDigest.equals(p.definitionsDigest) && columns.equals(p.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(definitionsDigest, columns);
  }

  @Override
  public String toString() {
    return "FeatureProfile[" + definitionsDigest + ", " + columns.values() + "]";
  }

  /** Names the columns to profile, then reads the training table once. */
  public static final class Builder {
    private final String definitionsDigest;
    private final Set<String> numeric = new LinkedHashSet<>();
    private final Set<String> categorical = new LinkedHashSet<>();

    private Builder(String definitionsDigest) {
      this.definitionsDigest = definitionsDigest;
    }

    /**
     * Names numeric feature columns.
     *
     * @param names the columns
     * @return this builder
     */
    public Builder numeric(String... names) {
      for (String name : names) {
        add(numeric, name);
      }
      return this;
    }

    /**
     * Names categorical (text) feature columns.
     *
     * @param names the columns
     * @return this builder
     */
    public Builder categorical(String... names) {
      for (String name : names) {
        add(categorical, name);
      }
      return this;
    }

    private void add(Set<String> set, String name) {
      InvalidRequestException.requireNonNull(name, "name");
      if (numeric.contains(name) || categorical.contains(name)) {
        throw new InvalidRequestException("Cannot profile column '" + name + "' twice; name it once, as numeric or"
            + " categorical");
      }
      set.add(name);
    }

    /**
     * Reads the training table and summarises the named columns. An empty field is a missing
     * value; in a numeric column, so is {@code NaN}.
     *
     * @param table the training features
     * @return the profile
     * @throws InvalidRequestException if a named column is absent or no column was named
     * @throws InvalidDataException if a numeric column holds text, or has fewer than two values
     */
    public FeatureProfile profile(TableSource table) {
      if (numeric.isEmpty() && categorical.isEmpty()) {
        throw new InvalidRequestException("Cannot profile " + table.description() + ": no columns were named; call"
            + " numeric(..) or categorical(..)");
      }
      Map<String, ColumnData> data = ColumnData.read(table, numeric, categorical, "profile");
      Map<String, Column> columns = new LinkedHashMap<>();
      for (ColumnData d : data.values()) {
        columns.put(d.name, d.numeric ? numericColumn(d, table) : categoricalColumn(d));
      }
      return new FeatureProfile(definitionsDigest, columns);
    }

    private static Column numericColumn(ColumnData d, TableSource table) {
      double[] values = d.numbers();
      if (values.length < 2) {
        throw new InvalidDataException(table.description(), 0, "Cannot profile column '" + d.name + "' of "
            + table.description() + ": it has " + values.length + " numeric values; a profile needs at least two", null);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double[] percentiles = new double[101];
      for (int i = 0; i <= 100; i++) {
        percentiles[i] = DriftStatistics.quantile(sorted, i / 100.0);
      }
      double[] edges = DriftStatistics.psiEdges(values, 10);
      return new Column(d.name, true, values.length, d.nulls, percentiles, edges, DriftStatistics.binCounts(values, edges),
          Map.of(), 0);
    }

    private static Column categoricalColumn(ColumnData d) {
      List<Map.Entry<String, Long>> byCount = new ArrayList<>(d.categories.entrySet());
      byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      Map<String, Long> kept = new TreeMap<>();
      long other = 0;
      for (int i = 0; i < byCount.size(); i++) {
        if (i < MAX_CATEGORIES) {
          kept.put(byCount.get(i).getKey(), byCount.get(i).getValue());
        } else {
          other += byCount.get(i).getValue();
        }
      }
      return new Column(d.name, false, d.count, d.nulls, new double[0], new double[0], new long[0], kept, other);
    }
  }
}
