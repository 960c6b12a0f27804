package dev.pedigree.refs;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.objects.Digest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A compare-and-swap of one ref: from the value the writer read to a new value, with who and
 * why. "Must not exist yet" is an expected value too ({@link Builder#expectAbsent()}).
 *
 * <pre>{@code
 * RefUpdate update = RefUpdate.of(RefName.of("artifacts/m/aliases/production"))
 *     .expect(current).to(next).actor("ci").reason("promote v7").build();
 * refs.update(update);
 * }</pre>
 *
 * @param name the ref
 * @param expected the value the ref must hold now; empty means it must not exist
 * @param newValue the value to set; empty deletes the ref (its log remains)
 * @param actor who makes the change
 * @param reason why
 * @param attributes further facts to record in the entry
 */
public record RefUpdate(RefName name, Optional<Digest> expected, Optional<Digest> newValue, String actor,
    String reason, Map<String, String> attributes) {
  /** Validates and copies the fields. */
  public RefUpdate {
    InvalidRequestException.requireNonNull(name, "name");
    InvalidRequestException.requireNonNull(expected, "expected");
    InvalidRequestException.requireNonNull(newValue, "newValue");
    InvalidRequestException.requireNonNull(actor, "actor");
    InvalidRequestException.requireNonNull(reason, "reason");
    attributes = Map.copyOf(InvalidRequestException.requireNonNull(attributes, "attributes"));
  }

  /**
   * Starts building an update of a ref.
   *
   * @param name the ref
   * @return a builder
   */
  public static Builder of(RefName name) {
    return new Builder(name);
  }

  /** Builds a {@link RefUpdate}; the expected value and new value must each be given once. */
  public static final class Builder {
    private final RefName name;
    private Optional<Digest> expected;
    private Optional<Digest> newValue;
    private String actor;
    private String reason;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(RefName name) {
      this.name = InvalidRequestException.requireNonNull(name, "name");
    }

    /**
     * Sets the value the ref must hold now.
     *
     * @param value the expected value, empty for "must not exist"
     * @return this builder
     */
    public Builder expect(Optional<Digest> value) {
      if (expected != null) {
        throw new InvalidRequestException("Cannot set the expected value of ref '" + name + "' twice: it was already set"
            + " to " + describe(expected) + "; give it once");
      }
      expected = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the value the ref must hold now.
     *
     * @param value the expected value
     * @return this builder
     */
    public Builder expect(Digest value) {
      return expect(Optional.of(value));
    }

    /**
     * Requires that the ref does not exist yet.
     *
     * @return this builder
     */
    public Builder expectAbsent() {
      return expect(Optional.empty());
    }

    /**
     * Sets the new value.
     *
     * @param value the value
     * @return this builder
     */
    public Builder to(Digest value) {
      return to(Optional.of(value));
    }

    /**
     * Sets the new value, empty to delete the ref.
     *
     * @param value the value or empty
     * @return this builder
     */
    public Builder to(Optional<Digest> value) {
      if (newValue != null) {
        throw new InvalidRequestException("Cannot set the new value of ref '" + name + "' twice: it was already set to "
            + describe(newValue) + "; give it once");
      }
      newValue = InvalidRequestException.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets who makes the change.
     *
     * @param actor a user, service or job name
     * @return this builder
     */
    public Builder actor(String actor) {
      if (this.actor != null) {
        throw new InvalidRequestException("Cannot set the actor of an update of ref '" + name + "' twice: it was already"
            + " set to '" + this.actor + "'; give it once");
      }
      this.actor = InvalidRequestException.requireNonNull(actor, "actor");
      return this;
    }

    /**
     * Sets why the change is made.
     *
     * @param reason words for people
     * @return this builder
     */
    public Builder reason(String reason) {
      if (this.reason != null) {
        throw new InvalidRequestException("Cannot set the reason of an update of ref '" + name + "' twice: it was already"
            + " set to '" + this.reason + "'; give it once");
      }
      this.reason = InvalidRequestException.requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Records a further fact in the entry.
     *
     * @param key the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      if (attributes.putIfAbsent(InvalidRequestException.requireNonNull(key, "key"), InvalidRequestException.requireNonNull(value, "value")) != null) {
        throw new InvalidRequestException("Cannot set attribute '" + key + "' of an update of ref '" + name
            + "' twice: it was already set; give each attribute once");
      }
      return this;
    }

    /**
     * Builds the update.
     *
     * @return the update
     * @throws InvalidRequestException if the expected or new value is missing
     */
    public RefUpdate build() {
      if (expected == null) {
        throw new InvalidRequestException("Cannot build an update of ref '" + name
            + "': no expected value; call expect(value) or expectAbsent()");
      }
      if (newValue == null) {
        throw new InvalidRequestException("Cannot build an update of ref '" + name + "': no new value; call to(value)");
      }
      return new RefUpdate(name, expected, newValue, actor == null ? RefStore.defaultActor() : actor,
          reason == null ? "" : reason, attributes);
    }

    private static String describe(Optional<Digest> value) {
      return value.map(Digest::toString).orElse("absent");
    }
  }
}
