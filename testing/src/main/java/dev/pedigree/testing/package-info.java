/**
 * Test support for Pedigree, its backends and the teams that use it: the
 * {@link dev.pedigree.testing.BlobStoreContract} and {@link dev.pedigree.testing.RefStoreContract}
 * suites every {@link dev.pedigree.storage.BlobStore} runs by subclassing them;
 * {@link dev.pedigree.testing.GeneratedBlobSource}, large deterministic
 * content made on the fly; AssertJ assertions for verdicts, check results, versions, aliases and
 * lineage ({@link dev.pedigree.testing.PedigreeAssertions}); and a JUnit extension that gives each
 * test a fresh repository ({@link dev.pedigree.testing.PedigreeExtension}).
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
