/**
 * Test support for teams that use Pedigree: AssertJ assertions for verdicts, check results,
 * versions, aliases and lineage ({@link dev.pedigree.testing.PedigreeAssertions}), and a JUnit
 * extension that gives each test a fresh repository ({@link dev.pedigree.testing.PedigreeExtension}).
 *
 * <pre>{@code
 * @ExtendWith(PedigreeExtension.class)
 * class ProductionGateTest {
 *   @Test
 *   void rejectsAOnePercentDrop(Repository repo) {
 *     ...
 *     assertThat(verdict).isRejected().hasFailedCheck("auc-not-worse");
 *     assertThat(repo).alias("churn-model", "production").holdsVersion(1);
 *   }
 * }
 * }</pre>
 */
package dev.pedigree.testing;
