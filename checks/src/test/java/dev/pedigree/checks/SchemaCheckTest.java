package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCheckTest {
  static final String SCHEMA = """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["features"],
        "properties": {
          "features": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["name", "dtype"],
              "properties": {
                "name": {"type": "string", "pattern": "^[a-z_]+$"},
                "dtype": {"enum": ["int", "float", "category"]}
              }
            }
          }
        }
      }
      """;

  private final JsonSchema schema = JsonSchema.parse("features.schema.json", SCHEMA);
  private final SchemaCheck check = SchemaCheck.named("feature-definitions").schema(schema).build();

  @Test
  void validJsonAndYamlPass() {
    assertThat(schema.validate("{\"features\": [{\"name\": \"age\", \"dtype\": \"int\"}]}", DocumentFormat.JSON)).isEmpty();
    CheckResult yaml = check.evaluate("features.yaml", "features:\n  - name: age\n    dtype: int\n  - name: country\n    dtype: category\n");
    assertThat(yaml.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(yaml.evidence().summary()).isEqualTo("features.yaml conforms to features.schema.json.");
  }

  @Test
  void violationsNameTheOffendingField() {
    List<SchemaViolation> violations = schema.validate(
        "features:\n  - name: age\n    dtype: integer\n  - dtype: float\n", DocumentFormat.YAML);
    assertThat(violations).extracting(SchemaViolation::field)
        .containsExactlyInAnyOrder("/features/0/dtype", "/features/1/name");
    assertThat(violations).extracting(SchemaViolation::keyword).containsExactlyInAnyOrder("enum", "required");
    CheckResult result = check.evaluate("features.yaml", "features:\n  - name: Age\n    dtype: int\n");
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).startsWith("features.yaml breaks features.schema.json in 1 place: /features/0/name: ");
    assertThat(result.evidence().observed()).containsEntry("firstField", "/features/0/name").containsEntry("violations", "1");
  }

  @Test
  void aDocumentThatDoesNotParseFailsTheCheckWithTheReason() {
    CheckResult result = check.evaluate("broken.json", "{\"features\": [");
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).startsWith("broken.json cannot be validated against features.schema.json:"
        + " Cannot validate the document against features.schema.json: it is not valid JSON (");
  }

  @Test
  void anEmptyDocumentFails() {
    assertThat(check.evaluate("empty.yaml", "").status()).isEqualTo(CheckStatus.FAILED);
    assertThat(check.evaluate("empty.json", "{}").evidence().summary())
        .startsWith("empty.json breaks features.schema.json in 1 place: /features: ");
  }

  @Test
  void aFileThatIsNotASchemaIsRefusedWithWhatToFix(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> JsonSchema.parse("s.json", "{\"type\": \"integr\"}"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith("Cannot use s.json as a JSON Schema: it breaks the https://json-schema.org/draft/2020-12/schema"
            + " meta-schema at [/type: ")
        .hasMessageEndingWith("; fix those keywords (a schema is an object such as {\"type\": \"object\", \"properties\": {...}})");
    assertThatThrownBy(() -> JsonSchema.parse("s.json", "{\"properties\": {\"age\": {\"minimum\": \"ten\"}}}"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("/properties/age/minimum: ");
    assertThatThrownBy(() -> JsonSchema.parse("list.json", "[1, 2]"))
        .isInstanceOf(InvalidDataException.class).hasMessageStartingWith("Cannot use list.json as a JSON Schema:");
    assertThatThrownBy(() -> JsonSchema.parse("s.json", "{\"type\": "))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith("Cannot use s.json as a JSON Schema: it is not valid JSON (").hasMessageEndingWith("); fix its syntax");
    assertThatThrownBy(() -> JsonSchema.parse("s.json", "{\"$schema\": \"https://example.com/mine\"}"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("its $schema 'https://example.com/mine' is not a draft");
    assertThatThrownBy(() -> JsonSchema.parse("s.json", "  "))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("it is empty");
    Path file = dir.resolve("features.schema.yaml");
    Files.writeString(file, "type: object\nrequired: [features]\n");
    assertThat(JsonSchema.file(file).validate("{}", DocumentFormat.JSON)).extracting(SchemaViolation::field)
        .containsExactly("/features");
  }

  @Test
  void validatesTheCandidatesStoredContent() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      ArtifactVersion defs = repo.artifacts().register(NewVersion.of("feature-defs", ArtifactKind.CONFIG)
          .bytes("features:\n  - name: age\n    dtype: text\n".getBytes(StandardCharsets.UTF_8)).build());
      CheckResult result = check.evaluate(CheckContext.of(defs).withRepository(repo));
      assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
      assertThat(result.evidence().summary()).startsWith("feature-defs:1 breaks features.schema.json in 1 place:"
          + " /features/0/dtype: ");
    }
    assertThatThrownBy(() -> SchemaCheck.named("x").build())
        .hasMessage("Cannot build check 'x': no schema; call schema(JsonSchema.file(path))");
  }
}
