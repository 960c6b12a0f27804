package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Which versions of an artifact to list, newest first: filters on tags and metrics, and a
 * page size.
 *
 * <pre>{@code
 * VersionQuery q = VersionQuery.all().withTag("team", "growth").withMetricAtLeast("auc", 0.8).pageSize(20);
 * }</pre>
 *
 * @param tags tags a version must carry with these values
 * @param metricConditions conditions on metrics a version must meet
 * @param pageSize the most versions a page returns
 */
public record VersionQuery(Map<String, String> tags, List<MetricCondition> metricConditions, int pageSize) {
  /** The page size of {@link #all()}. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** Validates and copies the fields. */
  public VersionQuery {
    tags = Map.copyOf(tags);
    metricConditions = List.copyOf(metricConditions);
    if (pageSize < 1) {
      throw new InvalidRequestException("pageSize must be at least 1, was " + pageSize);
    }
  }

  /**
   * Returns a query for every version.
   *
   * @return the query
   */
  public static VersionQuery all() {
    return new VersionQuery(Map.of(), List.of(), DEFAULT_PAGE_SIZE);
  }

  /**
   * Adds a tag filter.
   *
   * @param name the tag
   * @param value the value it must have
   * @return a new query
   */
  public VersionQuery withTag(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(tags);
    more.put(InvalidRequestException.requireNonNull(name, "tag name"),
        InvalidRequestException.requireNonNull(value, "tag value"));
    return new VersionQuery(more, metricConditions, pageSize);
  }

  /**
   * Adds a metric condition.
   *
   * @param metric the metric
   * @param description words for the condition, such as {@code ">= 0.8"}
   * @param test the test the value must pass
   * @return a new query
   */
  public VersionQuery withMetric(String metric, String description, DoublePredicate test) {
    List<MetricCondition> more = new ArrayList<>(metricConditions);
    more.add(new MetricCondition(metric, description, test));
    return new VersionQuery(tags, more, pageSize);
  }

  /**
   * Keeps versions whose metric is at least a value.
   *
   * @param metric the metric
   * @param min the least value
   * @return a new query
   */
  public VersionQuery withMetricAtLeast(String metric, double min) {
    return withMetric(metric, ">= " + min, v -> v >= min);
  }

  /**
   * Keeps versions whose metric is at most a value.
   *
   * @param metric the metric
   * @param max the greatest value
   * @return a new query
   */
  public VersionQuery withMetricAtMost(String metric, double max) {
    return withMetric(metric, "<= " + max, v -> v <= max);
  }

  /**
   * Sets the page size.
   *
   * @param size the most versions a page returns
   * @return a new query
   */
  public VersionQuery pageSize(int size) {
    return new VersionQuery(tags, metricConditions, size);
  }

  boolean matches(ArtifactVersion version) {
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (!tag.getValue().equals(version.tags().get(tag.getKey()))) {
        return false;
      }
    }
    for (MetricCondition condition : metricConditions) {
      Double value = version.metrics().get(condition.metric());
      if (value == null || !condition.test().test(value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A condition on one metric; a version without the metric does not match.
   *
   * @param metric the metric
   * @param description words for the condition
   * @param test the test
   */
  public record MetricCondition(String metric, String description, DoublePredicate test) {
    /** Checks for nulls. */
    public MetricCondition {
      InvalidRequestException.requireNonNull(metric, "metric");
      InvalidRequestException.requireNonNull(description, "description");
      InvalidRequestException.requireNonNull(test, "test");
    }
  }
}
