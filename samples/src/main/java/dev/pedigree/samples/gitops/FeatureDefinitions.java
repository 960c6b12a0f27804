package dev.pedigree.samples.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pedigree.checks.DocumentFormat;
import dev.pedigree.checks.JsonSchema;
import dev.pedigree.checks.SchemaCheck;
import dev.pedigree.checks.SchemaViolation;
import dev.pedigree.samples.ml.Customer;
import dev.pedigree.samples.ml.LabelledCustomer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Feature definitions in YAML: validated against the JSON Schema
 * {@code feature-definitions.schema.json} with the checks module (each problem names the
 * offending field as a JSON Pointer, such as {@code /features/1/type}), and used to check sample data: every defined
 * feature must exist in the data, numbers within {@code min}/{@code max}, categories among
 * {@code values}.
 */
public final class FeatureDefinitions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchema SCHEMA = JsonSchema.parse("feature-definitions.schema.json",
      resource("feature-definitions.schema.json"));

  /** The gate check that versions of the definitions must pass: the schema, via the checks module. */
  public static final SchemaCheck SCHEMA_CHECK = SchemaCheck.named("feature-schema").schema(SCHEMA)
      .format(DocumentFormat.YAML).build();

  private FeatureDefinitions() {
  }

  /**
   * Returns the definitions of the churn model's features shipped with the sample.
   *
   * @return the YAML text
   */
  public static String churnDefinitions() {
    return resource("churn-features.yaml");
  }

  /**
   * Returns the JSON Schema the definitions must satisfy.
   *
   * @return the schema text
   */
  public static String schemaText() {
    return resource("feature-definitions.schema.json");
  }

  /**
   * Validates definitions against the schema.
   *
   * @param yaml the definitions
   * @return one line per problem, each starting with the offending field's location; empty
   *     when the definitions are valid
   */
  public static List<String> validate(String yaml) {
    try {
      YAML.readTree(yaml);
    } catch (IOException e) {
      return List.of("(document): not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    List<String> problems = new ArrayList<>();
    for (SchemaViolation violation : SCHEMA.validate(yaml, DocumentFormat.YAML)) {
      problems.add(violation.field() + ": " + violation.message());
    }
    return problems;
  }

  /**
   * Checks sample data against the definitions' ranges and categories.
   *
   * @param yaml valid definitions
   * @param rows sample data
   * @return one line per problem; empty when the data fits
   */
  public static List<String> checkData(String yaml, List<LabelledCustomer> rows) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot check data against feature definitions that are not YAML: "
          + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode feature : root.path("features")) {
      String name = feature.path("name").asText();
      long outside = 0;
      boolean known = true;
      for (LabelledCustomer row : rows) {
        Optional<Object> value = value(row.customer(), name);
        if (value.isEmpty()) {
          known = false;
          break;
        }
        if (!fits(feature, value.get())) {
          outside++;
        }
      }
      if (!known) {
        problems.add(name + ": the data has no such column");
      } else if (outside > 0) {
        problems.add(String.format(Locale.ROOT, "%s: %d of %d rows outside the defined %s", name, outside, rows.size(),
            feature.has("values") ? "values " + feature.get("values") : "range [" + feature.path("min").asText("-inf")
                + ", " + feature.path("max").asText("inf") + "]"));
      }
    }
    return problems;
  }

  private static boolean fits(JsonNode feature, Object value) {
    if (value instanceof String text) {
      if (!feature.has("values")) {
        return true;
      }
      for (JsonNode allowed : feature.get("values")) {
        if (allowed.asText().equals(text)) {
          return true;
        }
      }
      return false;
    }
    double number = ((Number) value).doubleValue();
    return (!feature.has("min") || number >= feature.get("min").asDouble())
        && (!feature.has("max") || number <= feature.get("max").asDouble());
  }

  private static Optional<Object> value(Customer c, String feature) {
    return Optional.ofNullable(switch (feature) {
      case "tenure_months" -> c.tenureMonths();
      case "monthly_charges" -> c.monthlyCharges();
      case "contract" -> c.contract().code();
      case "support_calls" -> c.supportCalls();
      default -> null;
    });
  }

  private static String resource(String name) {
    try (InputStream in = FeatureDefinitions.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Cannot find resource " + name + " next to " + FeatureDefinitions.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + name + ": " + e.getMessage(), e);
    }
  }
}
