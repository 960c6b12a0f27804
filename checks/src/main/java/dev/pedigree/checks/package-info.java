/**
 * Gate checks that need more than core: data quality and drift on tables
 * ({@link dev.pedigree.checks.DataQualityCheck}, {@link dev.pedigree.checks.DriftCheck}, read
 * through {@link dev.pedigree.checks.TableSource}, CSV by {@link dev.pedigree.checks.CsvTables}),
 * structured definitions against a JSON Schema ({@link dev.pedigree.checks.SchemaCheck}), and
 * canary analysis ({@link dev.pedigree.checks.CanaryJudge}) with automated rollback
 * ({@link dev.pedigree.checks.CanaryRollback}). Each check is a {@link dev.pedigree.gates.Check}
 * and joins a {@link dev.pedigree.gates.Gate} like a built-in one.
 */
package dev.pedigree.checks;
