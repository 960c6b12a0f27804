package dev.pedigree.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.storage.MemoryBlobStore;
import org.junit.jupiter.api.Test;

/** An integration check after staging judges the candidate against the holder it replaced, never itself. */
class NoSelfBaselineTest {
  private final Repository repo = Repository.builder(new MemoryBlobStore()).actor("test").build();
  private final Gate open = Gate.named("open").require(Check.that("always", ctx -> true, "anything")).build();

  private ArtifactVersion model(int seed) {
    return repo.artifacts().register(NewVersion.of("m", ArtifactKind.MODEL).bytes(new byte[] {(byte) seed}).build());
  }

  @Test
  void theVerifyStepsBaselineIsTheReplacedHolderOrNone() {
    Promoter promoter = Promoter.of(repo);
    PromotionPlan plan = PromotionPlan.builder().promote("staging", open).verify(open).build();

    PlanResult first = plan.run(promoter, model(1).id());
    assertThat(first.verdicts().get(1).baseline()).isEmpty();

    ArtifactVersion second = model(2);
    PlanResult next = plan.run(promoter, second.id());
    assertThat(next.verdicts().get(1).candidate()).isEqualTo(second.id());
    assertThat(next.verdicts().get(1).baseline()).contains(new dev.pedigree.artifacts.VersionId("m", 1));
  }
}
