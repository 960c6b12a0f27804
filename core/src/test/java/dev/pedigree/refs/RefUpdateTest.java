package dev.pedigree.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefUpdateTest {
  static final RefName REF = RefName.of("artifacts/m/aliases/production");
  static final Digest V1 = Digest.of("v1".getBytes(StandardCharsets.UTF_8));
  static final Digest V2 = Digest.of("v2".getBytes(StandardCharsets.UTF_8));

  @Test
  void buildsAnUpdateWithEveryField() {
    RefUpdate update = RefUpdate.of(REF).expect(V1).to(V2).actor("ci").reason("promote v2").attribute("kind", "promotion").build();

    assertThat(update.name()).isEqualTo(REF);
    assertThat(update.expected()).contains(V1);
    assertThat(update.newValue()).contains(V2);
    assertThat(update.actor()).isEqualTo("ci");
    assertThat(update.reason()).isEqualTo("promote v2");
    assertThat(update.attributes()).containsExactly(java.util.Map.entry("kind", "promotion"));
  }

  @Test
  void defaultsActorToTheUserAndReasonToEmpty() {
    RefUpdate update = RefUpdate.of(REF).expectAbsent().to(Optional.empty()).build();

    assertThat(update.expected()).isEmpty();
    assertThat(update.newValue()).isEmpty();
    assertThat(update.actor()).isEqualTo(System.getProperty("user.name", "unknown"));
    assertThat(update.reason()).isEmpty();
  }

  @Test
  void requiresExpectedAndNewValue() {
    assertThatThrownBy(() -> RefUpdate.of(REF).to(V1).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build an update of ref '" + REF + "': no expected value; call expect(value) or expectAbsent()");
    assertThatThrownBy(() -> RefUpdate.of(REF).expectAbsent().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot build an update of ref '" + REF + "': no new value; call to(value)");
  }

  @Test
  void rejectsASettingGivenTwice() {
    assertThatThrownBy(() -> RefUpdate.of(REF).expect(V1).expectAbsent())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the expected value of ref '" + REF + "' twice: it was already set to " + V1 + "; give it once");
    assertThatThrownBy(() -> RefUpdate.of(REF).to(V1).to(V2))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the new value of ref '" + REF + "' twice: it was already set to " + V1 + "; give it once");
    assertThatThrownBy(() -> RefUpdate.of(REF).actor("a").actor("b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the actor of an update of ref '" + REF + "' twice: it was already set to 'a'; give it once");
    assertThatThrownBy(() -> RefUpdate.of(REF).reason("a").reason("b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set the reason of an update of ref '" + REF + "' twice: it was already set to 'a'; give it once");
    assertThatThrownBy(() -> RefUpdate.of(REF).attribute("k", "1").attribute("k", "2"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Cannot set attribute 'k' of an update of ref '" + REF + "' twice: it was already set; give each attribute once");
  }
}
