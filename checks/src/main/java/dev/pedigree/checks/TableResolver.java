package dev.pedigree.checks;

import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.gates.CheckContext;

/**
 * Finds the table of a version for a data check: by default the version's stored content read
 * as CSV. Supply another to read other formats, or a table that lives beside the artifact.
 *
 * <pre>{@code
 * TableResolver fromWarehouse = (ctx, version) -> new QueryTable(jdbc, "select * from features_v" + version.number());
 * }</pre>
 */
@FunctionalInterface
public interface TableResolver {
  /**
   * Returns the table of a version.
   *
   * @param context the check's context (for the repository)
   * @param version the candidate or the baseline
   * @param check the name of the check asking, for messages
   * @return the table
   */
  TableSource table(CheckContext context, ArtifactVersion version, String check);

  /**
   * Returns the resolver that reads a file version's stored content as CSV.
   *
   * @return the resolver
   */
  static TableResolver storedCsv() {
    return (context, version, check) -> CsvTables.version(context.requireRepository(check), version);
  }
}
