package dev.pedigree.artifacts;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.internal.AuditedChanges;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A compare-and-swap move of an alias: to which version, from which holder the mover saw,
 * what sort of move, and why.
 *
 * <pre>{@code
 * repo.artifacts().move(AliasMove.of("churn-model", "production").to(8).expecting(7)
 *     .kind(AliasChange.Kind.PROMOTION).reason("gate passed").build());
 * }</pre>
 *
 * @param artifact the artifact
 * @param alias the alias
 * @param version the version the alias will hold
 * @param expected the version it must hold now, or {@code null} when the mover does not care
 * @param expectAbsent whether the alias must not exist yet
 * @param kind what sort of move
 * @param reason why
 * @param requestId the request id of the move, empty for a generated one; a retry with the same
 *     id returns the first attempt's move
 */
public record AliasMove(String artifact, String alias, int version, Integer expected, boolean expectAbsent,
    AliasChange.Kind kind, String reason, Optional<String> requestId) {
  /** Validates the fields. */
  public AliasMove {
    ArtifactNames.requireValid(artifact, "artifact");
    ArtifactNames.requireValid(alias, "alias");
    if (version < 1) {
      throw new InvalidRequestException("Cannot move alias '" + alias + "' to version " + version + ": versions start at 1");
    }
    if (expected != null && expectAbsent) {
      throw new InvalidRequestException("Cannot both expect version " + expected + " and expect the alias to be absent");
    }
    InvalidRequestException.requireNonNull(kind, "kind");
    InvalidRequestException.requireNonNull(reason, "reason");
    InvalidRequestException.requireNonNull(requestId, "requestId");
    requestId.ifPresent(AuditedChanges::requireValidRequestId);
  }

  /**
   * Returns the expected current holder, when one is required.
   *
   * @return the version, or empty
   */
  public OptionalInt expectedVersion() {
    return expected == null ? OptionalInt.empty() : OptionalInt.of(expected);
  }

  /**
   * Starts building a move.
   *
   * @param artifact the artifact
   * @param alias the alias
   * @return a builder
   */
  public static Builder of(String artifact, String alias) {
    return new Builder(artifact, alias);
  }

  /** Builds an {@link AliasMove}; each setting may be given once. */
  public static final class Builder {
    private final String artifact;
    private final String alias;
    private Integer version;
    private Integer expected;
    private boolean expectAbsent;
    private boolean expectationSet;
    private AliasChange.Kind kind;
    private String reason;
    private String requestId;

    private Builder(String artifact, String alias) {
      this.artifact = artifact;
      this.alias = alias;
    }

    /**
     * Sets the version the alias will hold.
     *
     * @param number the version number
     * @return this builder
     */
    public Builder to(int number) {
      if (version != null) {
        throw new InvalidRequestException("The target version was already set to " + version);
      }
      version = number;
      return this;
    }

    /**
     * Requires that the alias holds this version now.
     *
     * @param number the version number
     * @return this builder
     */
    public Builder expecting(int number) {
      checkExpectation();
      expected = number;
      return this;
    }

    /**
     * Requires that the alias holds this version now, or is absent when empty.
     *
     * @param number the version number or empty
     * @return this builder
     */
    public Builder expecting(OptionalInt number) {
      return number.isPresent() ? expecting(number.getAsInt()) : expectingAbsent();
    }

    /**
     * Requires that the alias does not exist yet.
     *
     * @return this builder
     */
    public Builder expectingAbsent() {
      checkExpectation();
      expectAbsent = true;
      return this;
    }

    /**
     * Sets what sort of move this is (default {@link AliasChange.Kind#MOVE}).
     *
     * @param moveKind the kind
     * @return this builder
     */
    public Builder kind(AliasChange.Kind moveKind) {
      if (kind != null) {
        throw new InvalidRequestException("The kind of move was already set to " + kind);
      }
      kind = InvalidRequestException.requireNonNull(moveKind, "moveKind");
      return this;
    }

    /**
     * Sets why.
     *
     * @param text words for people
     * @return this builder
     */
    public Builder reason(String text) {
      if (reason != null) {
        throw new InvalidRequestException("The reason was already set to '" + reason + "'");
      }
      reason = InvalidRequestException.requireNonNull(text, "text");
      return this;
    }

    /**
     * Sets the request id of the move (default: a generated one). A retry with the same id
     * after an ambiguous failure returns the move the first attempt made instead of moving
     * again.
     *
     * @param id 1 to 128 letters, digits, '.', '_' or '-', such as a UUID
     * @return this builder
     */
    public Builder requestId(String id) {
      if (requestId != null) {
        throw new InvalidRequestException("Cannot set the request id twice: it is already '" + requestId + "'");
      }
      requestId = AuditedChanges.requireValidRequestId(id);
      return this;
    }

    /**
     * Builds the move.
     *
     * @return the move
     * @throws InvalidRequestException if no target version was given
     */
    public AliasMove build() {
      if (version == null) {
        throw new InvalidRequestException("Cannot build a move of alias '" + alias + "': no target version; call to(n)");
      }
      return new AliasMove(artifact, alias, version, expected, expectAbsent,
          kind == null ? AliasChange.Kind.MOVE : kind, reason == null ? "" : reason, Optional.ofNullable(requestId));
    }

    private void checkExpectation() {
      if (expectationSet) {
        throw new InvalidRequestException("The expected holder of alias '" + alias + "' was already set");
      }
      expectationSet = true;
    }
  }
}
