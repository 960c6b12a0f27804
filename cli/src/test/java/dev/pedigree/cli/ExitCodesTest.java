package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input of every kind gets its documented exit code and a message on standard error, nothing on standard output. */
class ExitCodesTest extends SharedStoreTest {
  private static CliRunner.Result fails(int code, String... args) {
    CliRunner.Result result = cli.run(args);
    assertThat(result.code()).as(result.toString()).isEqualTo(code);
    assertThat(result.out()).as(result.toString()).isEmpty();
    assertThat(result.err()).as(result.toString()).startsWith("pedigree: ");
    return result;
  }

  @Test
  void whatIsNotThereExitsThree() {
    assertThat(fails(3, "show", "churn-model:9").err()).isEqualTo("pedigree: Cannot resolve 'churn-model:9': there is no "
        + "version 9 of artifact 'churn-model' (the latest is 3); check the name, or list what exists with artifacts().list(\"\")\n");
    assertThat(fails(3, "show", "churn-model@canary").err()).contains("its aliases are [production, staging]");
    fails(3, "show", "nothing-here");
    fails(3, "versions", "nothing-here");
    fails(3, "aliases", "nothing-here");
    fails(3, "history", "churn-model@canary");
    fails(3, "lineage", "nothing-here", "--down");
    fails(3, "diff", "churn-model:1", "churn-model:7");
    fails(3, "get", "churn-model:7", temp.resolve("out").toString());
    fails(3, "export", "openlineage", "no-such-run");
    fails(3, "alias", "churn-model", "production", "7", "--reason", "typo");
    assertThat(fails(3, "rollback", "raw-customers@production", "--reason", "x").err()).contains("the alias does not exist");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(fails(2, "show", "Bad Name!").err()).contains("Bad Name!");
    assertThat(fails(2, "frobnicate").err()).contains("Unmatched argument").contains("Try 'pedigree --help'");
    assertThat(fails(2, "ls", "--colour").err()).contains("Unknown option: '--colour'").contains("Try 'pedigree ls --help'");
    fails(2);
    fails(2, "show");
    assertThat(fails(2, "lineage", "churn-model:3").err()).contains("--up").contains("--down");
    fails(2, "lineage", "churn-model:3", "--up", "--down");
    fails(2, "lineage", "churn-model:3", "--up", "--format", "svg");
    fails(2, "lineage", "churn-model:3", "--up", "--depth", "-1");
    assertThat(fails(2, "history", "churn-model").err()).contains("write NAME@ALIAS");
    assertThat(fails(2, "versions", "churn-model", "--metric", "auc~0.9").err()).contains("auc>=0.9");
    fails(2, "versions", "churn-model", "--limit", "0");
    assertThat(fails(2, "audit", "--since", "yesterday").err()).contains("an age (30m, 12h, 7d, 2w)");
    fails(2, "alias", "churn-model", "production", "2");
    fails(2, "alias", "churn-model", "production", "two", "--reason", "x");
    fails(2, "put", "m", "--kind", "MODEL");
    fails(2, "put", "m", "--kind", "MODEL", "--file", "a", "--dir", "b");
    assertThat(fails(2, "put", "m", "--kind", "MODEL", "--file", temp.resolve("missing.bin").toString()).err())
        .contains("is not a regular file");
    assertThat(fails(2, "put", "churn-model", "--kind", "DATASET", "--file", temp.resolve("scratch/customers.csv").toString())
        .err()).contains("the artifact holds MODEL versions");
    assertThat(fails(2, "ls", "--repo", "s3://").err()).contains("Cannot open");
    assertThat(new CliRunner().run("ls").err()).isEqualTo("pedigree: Cannot open a store: no --repo was given and "
        + "PEDIGREE_REPO is not set; pass --repo file:/path/to/store (or s3://bucket/prefix, gs://bucket/prefix)\n"
        + "Try 'pedigree ls --help' for the options.\n");
    assertThat(new CliRunner().run("ls").code()).isEqualTo(2);
  }

  @Test
  void anAliasThatMovedUnderYouExitsFour() {
    assertThat(fails(4, "alias", "churn-model", "production", "2", "--expect", "3", "--reason", "stale view").err())
        .contains("churn-model/aliases/production");
    fails(4, "alias", "churn-model", "staging", "2", "--expect-absent", "--reason", "stale view");
    CliRunner.Result still = cli.run("aliases", "churn-model");
    assertThat(still.out()).contains("production  1").contains("staging     3");
  }
}
