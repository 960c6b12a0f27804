package dev.pedigree.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.exceptions.InvalidDataException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.gates.CheckContext;
import dev.pedigree.gates.CheckResult;
import dev.pedigree.gates.CheckStatus;
import dev.pedigree.gates.Gate;
import dev.pedigree.gates.Verdict;
import dev.pedigree.storage.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataQualityCheckTest {
  private static final String GOOD = "id,age,country,score\n1,34,DE,0.5\n2,51,FR,0.25\n3,,NL,0.75\n4,20,DE,1.0\n";

  private final DataQualityCheck check = DataQualityCheck.named("features-quality")
      .column("id", ColumnType.INTEGER).unique("id")
      .column("age", ColumnType.INTEGER).range("age", 0, 120).maxNullFraction("age", 0.25)
      .column("country", ColumnType.STRING).allowedValues("country", "DE", "FR", "NL")
      .column("score", ColumnType.DECIMAL)
      .rowCount(1, 1000)
      .build();

  @Test
  void aCleanTablePasses() {
    CheckResult result = check.evaluate(CsvTables.text("features.csv", GOOD));
    assertThat(result.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(result.evidence().summary()).isEqualTo("features.csv (4 rows) meets all 9 data-quality rules.");
    assertThat(result.evidence().observed()).containsEntry("rows", "4").containsEntry("age.nullFraction", "0.25")
        .containsEntry("age.min", "20").containsEntry("age.max", "51").containsEntry("id.duplicates", "0");
  }

  @Test
  void everyBrokenRuleIsNamedWithItsFirstOffendingLines() {
    String bad = "id,age,country,score\n1,34,DE,0.5\n1,130,XX,abc\n3,,NL,NaN\n4,,DE,1\n";
    CheckResult result = check.evaluate(CsvTables.text("features.csv", bad));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).isEqualTo("features.csv (4 rows) breaks 5 rules:"
        + " column 'id' must be unique but has 1 repeated values ([line 3: '1']);"
        + " column 'age' is missing in 2 of 4 rows (fraction 0.5, at most 0.25 allowed);"
        + " column 'age' has 1 values outside [0, 120] ([line 3: '130']);"
        + " column 'country' has 1 values not among [DE, FR, NL] ([line 3: 'XX']);"
        + " column 'score' has 1 values that are not decimal numbers ([line 3: 'abc']).");
  }

  @Test
  void rowBoundsAndAnEmptyTable() {
    CheckResult empty = check.evaluate(CsvTables.text("empty.csv", "id,age,country,score\n"));
    assertThat(empty.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(empty.evidence().summary()).isEqualTo("empty.csv (0 rows) breaks 1 rule: it has 0 rows, outside the"
        + " bounds [1, 1000].");
    DataQualityCheck noBounds = DataQualityCheck.named("n").column("id", ColumnType.INTEGER).build();
    assertThat(noBounds.evaluate(CsvTables.text("empty.csv", "id\n")).status()).isEqualTo(CheckStatus.PASSED);
  }

  @Test
  void aRangeOnAnUndeclaredColumnTreatsTextAndNanAsOutside() {
    DataQualityCheck ranged = DataQualityCheck.named("r").range("x", 0, 1).build();
    CheckResult result = ranged.evaluate(CsvTables.text("t.csv", "x\n0\n1\nNaN\nhigh\n0.5\n"));
    assertThat(result.evidence().summary()).isEqualTo("t.csv (5 rows) breaks 1 rule: column 'x' has 2 values outside"
        + " [0, 1] ([line 4: 'NaN', line 5: 'high']).");
  }

  @Test
  void anExpectedColumnThatIsAbsentFailsButAnUnknownRuleColumnIsATypedError() {
    CheckResult missing = DataQualityCheck.named("m").column("label", ColumnType.BOOLEAN).build()
        .evaluate(CsvTables.text("t.csv", "id\n1\n"));
    assertThat(missing.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(missing.evidence().summary()).isEqualTo("t.csv (1 row) breaks 1 rule: expected column 'label' is missing"
        + " (the table has [id]).");
    assertThatThrownBy(() -> DataQualityCheck.named("u").range("agee", 0, 1).build()
        .evaluate(CsvTables.text("t.csv", "id,age\n1,2\n")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot check column 'agee' of t.csv in check 'u': the table has no such column; its columns are"
            + " [id, age]; fix the column name in the check, or declare it with column(name, type) so that its absence"
            + " fails the check");
  }

  @Test
  void readsTheCandidatesStoredCsvAndAMalformedOneFailsTheGateWithTheReason() {
    try (Repository repo = Repository.open(new MemoryBlobStore())) {
      ArtifactVersion good = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
          .bytes(GOOD.getBytes(StandardCharsets.UTF_8)).build());
      CheckResult result = check.evaluate(CheckContext.of(good).withRepository(repo));
      assertThat(result.evidence().summary()).startsWith("features:1 (4 rows) meets all");
      ArtifactVersion broken = repo.artifacts().register(NewVersion.of("features", ArtifactKind.DATASET)
          .bytes("id,age\n1,2,3\n".getBytes(StandardCharsets.UTF_8)).build());
      assertThatThrownBy(() -> check.evaluate(CheckContext.of(broken).withRepository(repo)))
          .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 2 has 3 fields");
      Verdict verdict = Gate.named("data").require(check).build().evaluate(CheckContext.of(broken).withRepository(repo));
      assertThat(verdict.rejected()).isTrue();
      assertThat(verdict.failures().get(0).evidence().summary()).startsWith("The check could not be evaluated: Cannot"
          + " read CSV features:2: row 2 has 3 fields");
      assertThatThrownBy(() -> check.evaluate(CheckContext.of(good)))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("the context has no repository");
    }
  }

  @Test
  void builderIsStrict() {
    assertThatThrownBy(() -> DataQualityCheck.named("s").column("a", ColumnType.STRING).column("a", ColumnType.INTEGER))
        .hasMessage("Cannot declare column 'a' twice in check 's': it is already STRING");
    assertThatThrownBy(() -> DataQualityCheck.named("s").range("a", 0, 1).range("a", 0, 2))
        .hasMessage("Cannot set rule range on column 'a' twice in check 's'");
    assertThatThrownBy(() -> DataQualityCheck.named("s").range("a", 2, 1))
        .hasMessage("Cannot use range [2.0, 1.0] for column 'a': give min <= max, neither NaN");
    assertThatThrownBy(() -> DataQualityCheck.named("s").build())
        .hasMessage("Cannot build check 's': it has no rules; add column, maxNullFraction, range, allowedValues, unique"
            + " or rowCount");
    assertThatThrownBy(() -> DataQualityCheck.named("s").rowCount(1, 2).rowCount(1, 3))
        .hasMessage("Cannot set the row bounds of check 's' twice: they are already [1, 2]");
  }

  @Test
  void unexpectedColumnsFailAndEveryCountIsStructuredEvidence() {
    DataQualityCheck check = DataQualityCheck.named("dq").column("id", ColumnType.INTEGER).unique("id")
        .column("age", ColumnType.INTEGER).range("age", 0, 120).noUnexpectedColumns().build();
    // Five duplicate ids and five out-of-range ages: the messages quote three examples, the counts are all five.
    StringBuilder csv = new StringBuilder("id,age,extra,other\n");
    for (int i = 0; i < 10; i++) {
      csv.append(i < 5 ? 1 : i).append(',').append(i < 5 ? 200 : 30).append(",x,y\n");
    }
    csv.append("99,,x,y\n");
    CheckResult result = check.evaluate(CsvTables.text("t", csv.toString()));
    assertThat(result.status()).isEqualTo(CheckStatus.FAILED);
    assertThat(result.evidence().summary()).contains("columns 'extra', 'other' are not expected (the expected columns"
        + " are [id, age])");
    assertThat(result.evidence().numbers()).containsEntry("rows", 11.0).containsEntry("unexpectedColumns", 2.0)
        .containsEntry("id.duplicates", 4.0).containsEntry("id.nulls", 0.0).containsEntry("age.nulls", 1.0)
        .containsEntry("age.outOfRange", 5.0).containsEntry("age.typeErrors", 0.0).containsEntry("age.max", 200.0);
    assertThat(result.evidence().observed()).containsEntry("age.outOfRange", "5");
    assertThatThrownBy(() -> DataQualityCheck.named("dq").noUnexpectedColumns().rowCount(1, 2).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build check 'dq': noUnexpectedColumns() needs the expected columns; declare them with"
            + " column(name, type)");
    CheckResult clean = DataQualityCheck.named("dq").column("a", ColumnType.INTEGER).noUnexpectedColumns().build()
        .evaluate(CsvTables.text("t", "a\n1\n"));
    assertThat(clean.status()).isEqualTo(CheckStatus.PASSED);
    assertThat(clean.evidence().summary()).isEqualTo("t (1 row) meets all 2 data-quality rules.");
  }
}
