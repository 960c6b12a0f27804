package dev.pedigree.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.Json;
import dev.pedigree.serving.AliasFollower;
import dev.pedigree.serving.Verification;
import dev.pedigree.serving.VersionVerifier;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a version must carry before it is served or promoted: signatures by trusted keys over
 * statements of the required kinds, whose subjects are exactly the version's content, and
 * (optionally) signed proof that named gates passed it.
 *
 * <pre>{@code
 * TrustPolicy policy = TrustPolicy.builder()
 *     .trust(Keys.publicKey(Path.of("keys/release.pub")))
 *     .requireModelSignature()
 *     .requireProvenance()
 *     .requireGatePassed("staging")
 *     .build();
 * TrustDecision decision = policy.evaluate(repo, repo.artifacts().resolve("churn-model@production"));
 * if (!decision.trusted()) {
 *   throw new IllegalStateException(decision.explanation());
 * }
 * }</pre>
 *
 * <p>Only attestations whose DSSE signature verifies under a trusted key count; an attestation
 * by an unknown key, one whose signature or statement was changed, or one naming other content
 * is reported and ignored.
 */
public final class TrustPolicy {
  private final Map<String, PublicKey> trusted;
  private final Set<String> predicates;
  private final Set<String> gates;

  private TrustPolicy(Builder builder) {
    // Copies that keep the order requirements were given in, so decisions read the same every time.
    this.trusted = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.trusted));
    this.predicates = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.predicates));
    this.gates = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.gates));
  }

  /**
   * Starts a policy.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Judges a version of a repository.
   *
   * @param repo the repository holding the version and its attestations
   * @param version the version
   * @return the decision, naming every requirement met and every one missing
   */
  public TrustDecision evaluate(Repository repo, ArtifactVersion version) {
    Provenance provenance = Provenance.of(repo);
    List<String> satisfied = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Attestation> valid = new ArrayList<>();
    List<Attestation> all;
    try {
      all = provenance.attestations(version.id());
    } catch (PedigreeException e) {
      return new TrustDecision(version.id(), false, List.of(), List.of("its attestations cannot be read: " + e.getMessage()));
    }
    for (Attestation attestation : all) {
      String signer = signerOf(attestation);
      if (signer == null) {
        problems.add("attestation " + attestation.id().substring(0, 12) + " (" + attestation.predicateType()
            + ") is not signed by a trusted key");
        continue;
      }
      List<String> mismatch;
      try {
        mismatch = provenance.subjectMismatches(version, attestation);
      } catch (PedigreeException e) {
        mismatch = List.of(e.getMessage());
      }
      if (!mismatch.isEmpty()) {
        problems.add("attestation " + attestation.id().substring(0, 12) + " (" + attestation.predicateType()
            + ") does not match the content: " + String.join("; ", mismatch));
        continue;
      }
      valid.add(attestation);
    }
    for (String predicate : predicates) {
      if (valid.stream().anyMatch(a -> a.predicateType().equals(predicate))) {
        satisfied.add("signed " + label(predicate) + " by a trusted key");
      } else {
        problems.add("no " + label(predicate) + " signed by a trusted key; sign it with Provenance."
            + (predicate.equals(Provenance.MODEL_SIGNATURE) ? "signModel" : "attest") + "(..) and a trusted key");
      }
    }
    for (String gate : gates) {
      if (valid.stream().anyMatch(a -> a.predicateType().equals(Provenance.SLSA_PROVENANCE) && passed(a, gate))) {
        satisfied.add("signed provenance shows gate '" + gate + "' passed");
      } else {
        problems.add("no signed provenance shows gate '" + gate + "' passed it; promote it through that gate, then"
            + " sign its provenance");
      }
    }
    // Problems with attestations that are not needed do not make a version untrusted, but a
    // version that meets no requirement at all has nothing to trust it by.
    boolean met = satisfied.size() == predicates.size() + gates.size();
    List<String> reported = met ? List.of() : problems;
    return new TrustDecision(version.id(), met, satisfied, reported);
  }

  /**
   * Returns this policy as an {@link AliasFollower} verifier, so a service never loads a version
   * the policy does not trust. When a model signature is required, the files actually checked
   * out are also compared with a trusted signature, so what is loaded is what was signed.
   *
   * <pre>{@code
   * AliasFollower<Model> follower = AliasFollower.builder(repo, "churn-model@production", loader)
   *     .verifier(policy.verifier(repo))   // refused versions are reported and never loaded
   *     .start();
   * }</pre>
   *
   * @param repo the repository the follower reads
   * @return the verifier
   */
  public VersionVerifier verifier(Repository repo) {
    InvalidRequestException.requireNonNull(repo, "repo");
    return (version, content) -> {
      TrustDecision decision = evaluate(repo, version);
      if (!decision.trusted()) {
        return Verification.refuse(decision.explanation());
      }
      if (!predicates.contains(Provenance.MODEL_SIGNATURE)) {
        return Verification.accept();
      }
      List<String> mismatches = new ArrayList<>();
      for (Attestation signature : Provenance.of(repo).attestations(version.id(), Provenance.MODEL_SIGNATURE)) {
        if (signerOf(signature) != null) {
          List<Attestation.Subject> signed = ModelSignatures.resources(signature);
          List<String> problems = ModelSignatures.mismatches(signed, ModelSignatures.digestFiles(content, signed));
          if (problems.isEmpty()) {
            return Verification.accept();
          }
          mismatches.addAll(problems);
        }
      }
      return Verification.refuse(version.id() + " is not trusted: its checked-out files do not match a trusted model"
          + " signature: " + String.join("; ", mismatches));
    };
  }

  private String signerOf(Attestation attestation) {
    for (Map.Entry<String, PublicKey> key : trusted.entrySet()) {
      if (attestation.envelope().verifiedBy(key.getValue())) {
        return key.getKey();
      }
    }
    return null;
  }

  private static boolean passed(Attestation provenance, String gate) {
    try {
      JsonNode statement = Json.mapper().readTree(provenance.envelope().payload());
      for (JsonNode byproduct : statement.path("predicate").path("runDetails").path("byproducts")) {
        JsonNode notes = byproduct.path("annotations");
        if (gate.equals(notes.path("gate").asText()) && "PASSED".equals(notes.path("verdict").asText())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static String label(String predicate) {
    return predicate.equals(Provenance.MODEL_SIGNATURE) ? "model signature"
        : predicate.equals(Provenance.SLSA_PROVENANCE) ? "SLSA provenance" : "'" + predicate + "' attestation";
  }

  /**
   * Returns the ids of the trusted keys.
   *
   * @return key ids (SHA-256 of each public key's PEM)
   */
  public Set<String> trustedKeys() {
    return trusted.keySet();
  }

  @Override
  public String toString() {
    return "TrustPolicy[keys=" + trusted.keySet() + ", predicates=" + predicates + ", gates=" + gates + "]";
  }

  /** Builds a {@link TrustPolicy}; at least one key and one requirement. */
  public static final class Builder {
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();
    private final Set<String> predicates = new LinkedHashSet<>();
    private final Set<String> gates = new LinkedHashSet<>();

    private Builder() {
    }

    /**
     * Trusts a public key.
     *
     * @param key an Ed25519 or P-256 public key
     * @return this builder
     */
    public Builder trust(PublicKey key) {
      SignatureAlgorithm.of(InvalidRequestException.requireNonNull(key, "key"));
      if (trusted.putIfAbsent(Keys.keyId(key), key) != null) {
        throw new InvalidRequestException("Cannot trust key " + Keys.keyId(key) + " twice; give each key once");
      }
      return this;
    }

    /**
     * Requires a model signature ({@link Provenance#MODEL_SIGNATURE}) by a trusted key.
     *
     * @return this builder
     */
    public Builder requireModelSignature() {
      return requirePredicate(Provenance.MODEL_SIGNATURE);
    }

    /**
     * Requires SLSA provenance ({@link Provenance#SLSA_PROVENANCE}) by a trusted key.
     *
     * @return this builder
     */
    public Builder requireProvenance() {
      return requirePredicate(Provenance.SLSA_PROVENANCE);
    }

    /**
     * Requires an attestation of a predicate type by a trusted key.
     *
     * @param predicateType the type's URI
     * @return this builder
     */
    public Builder requirePredicate(String predicateType) {
      if (predicateType == null || predicateType.isBlank()) {
        throw new InvalidRequestException("Cannot require a predicate type that is empty; give its URI");
      }
      if (!predicates.add(predicateType)) {
        throw new InvalidRequestException("Cannot require predicate " + predicateType + " twice; give it once");
      }
      return this;
    }

    /**
     * Requires signed provenance showing that a gate passed the version.
     *
     * @param gate the gate's name
     * @return this builder
     */
    public Builder requireGatePassed(String gate) {
      if (gate == null || gate.isBlank()) {
        throw new InvalidRequestException("Cannot require a gate without a name; give the gate's name");
      }
      if (!gates.add(gate)) {
        throw new InvalidRequestException("Cannot require gate '" + gate + "' twice; give it once");
      }
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws InvalidRequestException without a trusted key or without a requirement
     */
    public TrustPolicy build() {
      if (trusted.isEmpty()) {
        throw new InvalidRequestException("Cannot build a trust policy without a trusted key; call trust(publicKey)");
      }
      if (predicates.isEmpty() && gates.isEmpty()) {
        throw new InvalidRequestException("Cannot build a trust policy that requires nothing; call"
            + " requireModelSignature(), requireProvenance(), requirePredicate(..) or requireGatePassed(..)");
      }
      return new TrustPolicy(this);
    }
  }
}
