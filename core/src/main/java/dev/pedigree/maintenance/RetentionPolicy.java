package dev.pedigree.maintenance;

import dev.pedigree.exceptions.InvalidRequestException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which versions to keep: a plain object, evaluated first as a dry run
 * ({@code repo.maintenance().planRetention(policy)}) and applied with
 * {@code repo.maintenance().applyRetention(policy, reason)}. A version is kept when any rule
 * keeps it, and deleted otherwise; a version an alias holds now is always kept.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.builder()
 *     .artifacts("churn-model")
 *     .keepLast(3)
 *     .keepAliasHolders(RetentionPolicy.EVER, "production")
 *     .keepNewerThan(Duration.ofDays(30))
 *     .keepTagged("pinned")
 *     .keepLineageInputs()
 *     .build();
 * }</pre>
 *
 * @param artifacts the artifacts it applies to; empty for every artifact
 * @param keepLast how many of the newest versions of each artifact to keep, if set
 * @param keepNewerThan keep versions registered less than this long ago, if set
 * @param aliasWindow keep versions an alias held at any time within this window, if set
 * @param aliases the aliases {@code aliasWindow} looks at; empty for all
 * @param tags keep versions with these tags: each name mapped to a required value, or to
 *     {@code null}/empty text for any value
 * @param keepLineageInputs keep the input versions of the runs that produced kept versions,
 *     and theirs in turn, among the artifacts the policy applies to
 */
public record RetentionPolicy(Set<String> artifacts, OptionalInt keepLast, Optional<Duration> keepNewerThan,
    Optional<Duration> aliasWindow, Set<String> aliases, Map<String, String> tags, boolean keepLineageInputs) {
  /** A window that reaches back to the first version: "ever". */
  public static final Duration EVER = ChronoUnit.FOREVER.getDuration();

  /**
   * Validates and copies the fields.
   *
   * @throws InvalidRequestException if no rule keeps anything (the policy would delete every
   *     version), or a number or duration is out of range
   */
  public RetentionPolicy {
    artifacts = Set.copyOf(new TreeSet<>(artifacts));
    aliases = Set.copyOf(aliases);
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    Objects.requireNonNull(keepLast, "keepLast");
    Objects.requireNonNull(keepNewerThan, "keepNewerThan");
    Objects.requireNonNull(aliasWindow, "aliasWindow");
    if (keepLast.isPresent() && keepLast.getAsInt() < 1) {
      throw new InvalidRequestException("Cannot keep the last " + keepLast.getAsInt() + " versions: keep at least 1,"
          + " or leave keepLast out");
    }
    if (keepLast.isEmpty() && keepNewerThan.isEmpty() && aliasWindow.isEmpty() && tags.isEmpty()) {
      throw new InvalidRequestException("Cannot build a retention policy without a rule: it would delete every version"
          + " no alias holds; add keepLast, keepNewerThan, keepAliasHolders or keepTagged");
    }
  }

  /**
   * Starts building a policy.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RetentionPolicy}; each rule may be given once (tags once per name). */
  public static final class Builder {
    private final Set<String> artifacts = new TreeSet<>();
    private Integer keepLast;
    private Duration keepNewerThan;
    private Duration aliasWindow;
    private final Set<String> aliases = new TreeSet<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private boolean lineage;

    private Builder() {
    }

    /**
     * Limits the policy to some artifacts (by default it applies to all).
     *
     * @param names artifact names
     * @return this builder
     */
    public Builder artifacts(String... names) {
      if (!artifacts.isEmpty()) {
        throw twice("artifacts", artifacts);
      }
      if (names.length == 0) {
        throw new InvalidRequestException("Cannot limit a retention policy to no artifacts; name at least one, or leave"
            + " artifacts() out for all");
      }
      artifacts.addAll(List.of(names));
      return this;
    }

    /**
     * Keeps the newest {@code count} versions of each artifact (deleted ones do not count).
     *
     * @param count how many, at least 1
     * @return this builder
     */
    public Builder keepLast(int count) {
      if (keepLast != null) {
        throw twice("keepLast", keepLast);
      }
      keepLast = count;
      return this;
    }

    /**
     * Keeps versions registered less than {@code age} ago.
     *
     * @param age the age
     * @return this builder
     */
    public Builder keepNewerThan(Duration age) {
      if (keepNewerThan != null) {
        throw twice("keepNewerThan", keepNewerThan);
      }
      keepNewerThan = positive(age, "keepNewerThan");
      return this;
    }

    /**
     * Keeps every version that one of the named aliases (or any alias, when none is named)
     * held at some time within {@code window}; {@link RetentionPolicy#EVER} for any time.
     *
     * @param window how far back
     * @param aliasNames the aliases; none for all
     * @return this builder
     */
    public Builder keepAliasHolders(Duration window, String... aliasNames) {
      if (aliasWindow != null) {
        throw twice("keepAliasHolders", aliasWindow);
      }
      aliasWindow = positive(window, "keepAliasHolders");
      aliases.addAll(List.of(aliasNames));
      return this;
    }

    /**
     * Keeps every version that has a tag, whatever its value.
     *
     * @param tag the tag's name
     * @return this builder
     */
    public Builder keepTagged(String tag) {
      return keepTagged(tag, "");
    }

    /**
     * Keeps every version whose tag has a value.
     *
     * @param tag the tag's name
     * @param value the value; empty for any
     * @return this builder
     */
    public Builder keepTagged(String tag, String value) {
      Objects.requireNonNull(tag, "tag");
      if (tags.containsKey(tag)) {
        throw twice("keepTagged(" + tag + ")", tags.get(tag));
      }
      tags.put(tag, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Also keeps what kept versions need to be reproduced: the input versions of the run that
     * produced each, and so on upstream, among the artifacts the policy applies to.
     *
     * @return this builder
     */
    public Builder keepLineageInputs() {
      if (lineage) {
        throw twice("keepLineageInputs", true);
      }
      lineage = true;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetentionPolicy build() {
      return new RetentionPolicy(artifacts, keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast),
          Optional.ofNullable(keepNewerThan), Optional.ofNullable(aliasWindow), aliases, tags, lineage);
    }

    private static Duration positive(Duration value, String rule) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new InvalidRequestException("Cannot set " + rule + " to " + value + ": give a positive duration, or"
            + " RetentionPolicy.EVER");
      }
      return value;
    }

    private static InvalidRequestException twice(String rule, Object current) {
      return new InvalidRequestException("Cannot set " + rule + " twice: it was already set to " + current
          + "; give each rule once");
    }
  }

  /** Lists the rules, for plan summaries. */
  List<String> describe() {
    List<String> rules = new ArrayList<>();
    keepLast.ifPresent(n -> rules.add("keep last " + n));
    keepNewerThan.ifPresent(d -> rules.add("keep newer than " + d));
    aliasWindow.ifPresent(d -> rules.add("keep holders of " + (aliases.isEmpty() ? "any alias" : aliases)
        + (d.equals(EVER) ? " ever" : " within " + d)));
    tags.forEach((k, v) -> rules.add("keep tagged " + k + (v == null || v.isEmpty() ? "" : "=" + v)));
    if (keepLineageInputs) {
      rules.add("keep lineage inputs");
    }
    return rules;
  }
}
