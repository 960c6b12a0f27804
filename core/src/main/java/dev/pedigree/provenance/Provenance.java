package dev.pedigree.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.ContentLayout;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.audit.AuditEvent;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.audit.AuditQuery;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.internal.Retry;
import dev.pedigree.lineage.Run;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ManifestEntry;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs, stores and lists attestations of versions.
 *
 * <p>Two kinds are built in. {@link #attest} signs SLSA v1 provenance: the version's content
 * digests as subjects, and as predicate the run that produced it, that run's input versions by
 * digest, its parameters, code identity and environment, and every gate verdict that passed it.
 * {@link #signModel} signs a model in the OpenSSF model-signing v1.0 layout (every file's
 * SHA-256), which {@link ModelSignatures#bundle} wraps in the Sigstore bundle that
 * {@code model_signing verify key} and Sigstore's verifiers read.
 *
 * <p>Attestations are objects (named by their SHA-256, verified on read) listed in the
 * version's attestation log ({@code artifacts/<name>/attestations/<number>}), a chained ref log
 * whose every entry is one fact with its {@link AuditEventType#ATTESTATION_ADDED} audit event;
 * re-signing an identical statement (Ed25519 is deterministic) adds nothing.
 *
 * <pre>{@code
 * Provenance provenance = Provenance.of(repo);
 * provenance.attest(model.id(), signer);
 * Attestation signature = provenance.signModel(model.id(), signer);
 * Files.write(Path.of("model.sig"), ModelSignatures.bundle(signature, signer.publicKey()));
 * }</pre>
 */
public final class Provenance {
  /** The predicate type of SLSA v1 provenance. */
  public static final String SLSA_PROVENANCE = "https://slsa.dev/provenance/v1";
  /** The predicate type of OpenSSF model-signing v1.0 signatures. */
  public static final String MODEL_SIGNATURE = "https://model_signing/signature/v1.0";
  /** The in-toto statement type. */
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  /** The build type Pedigree writes into SLSA provenance: a Pedigree run. */
  public static final String BUILD_TYPE = "https://pedigree.dev/provenance/run/v1";

  private static final Logger LOG = LoggerFactory.getLogger(Provenance.class);

  private final Repository repo;

  private Provenance(Repository repo) {
    this.repo = InvalidRequestException.requireNonNull(repo, "repo");
  }

  /**
   * Returns the provenance operations of a repository.
   *
   * @param repo the repository
   * @return its provenance operations
   */
  public static Provenance of(Repository repo) {
    return new Provenance(repo);
  }

  /**
   * Signs SLSA v1 provenance for a version and stores it beside the version.
   *
   * @param id the version
   * @param signer the signer
   * @return the stored attestation
   */
  public Attestation attest(VersionId id, Signer signer) {
    ArtifactVersion version = repo.artifacts().version(id);
    List<Attestation.Subject> subjects = subjects(version);
    ObjectNode statement = statement(subjects, SLSA_PROVENANCE);
    statement.set("predicate", provenancePredicate(version));
    return store(version, DsseEnvelope.sign(DsseEnvelope.IN_TOTO, Json.write(statement), signer, signer.keyId()),
        signer.keyId());
  }

  /**
   * Signs a version in the OpenSSF model-signing v1.0 layout and stores the signature beside it.
   * The statement's one subject is the artifact's name with the SHA-256 over every file's
   * digest in path order; its predicate lists every file (a file version is one file named
   * after its artifact, as {@code copyTo} and pipeline stages materialise it).
   *
   * @param id the version
   * @param signer the signer; model-signing verifiers accept ECDSA P-256
   * @return the stored attestation; write it out with {@link ModelSignatures#bundle}
   */
  public Attestation signModel(VersionId id, Signer signer) {
    ArtifactVersion version = repo.artifacts().version(id);
    byte[] payload = ModelSignatures.statement(version.artifact(), subjects(version));
    // model-signing leaves the envelope's key id empty and names the key in the bundle instead.
    return store(version, DsseEnvelope.sign(DsseEnvelope.IN_TOTO, payload, signer, ""), signer.keyId());
  }

  /**
   * Stores an envelope signed elsewhere (an HSM, a CI system) beside a version, after checking
   * that it is an in-toto statement whose subjects match the version's content.
   *
   * @param id the version
   * @param envelope the signed statement
   * @return the stored attestation
   * @throws SignatureVerificationException if its subjects do not match the version
   */
  public Attestation add(VersionId id, DsseEnvelope envelope) {
    ArtifactVersion version = repo.artifacts().version(id);
    Attestation parsed = parse(version.id(), envelope, "");
    List<String> mismatch = subjectMismatches(version, parsed);
    if (!mismatch.isEmpty()) {
      throw new SignatureVerificationException("Cannot add the attestation to " + id + ": " + String.join("; ", mismatch)
          + "; sign a statement about this version's content");
    }
    return store(version, envelope, envelope.signatures().stream().map(DsseEnvelope.KeySignature::keyId)
        .filter(k -> !k.isEmpty()).findFirst().orElse("unknown"));
  }

  /**
   * Lists the attestations stored beside a version, each read back and checked against its name.
   *
   * @param id the version
   * @return its attestations, oldest first
   * @throws dev.pedigree.exceptions.IntegrityException if a stored attestation was changed
   */
  public List<Attestation> attestations(VersionId id) {
    repo.artifacts().version(id);
    RepositoryInternals.Parts parts = RepositoryInternals.of(repo);
    Map<Digest, Attestation> found = new LinkedHashMap<>();
    List<RefEntry> entries;
    try (Stream<RefEntry> history = parts.refs().history(ref(id))) {
      entries = history.toList();
    }
    // The log is newest first; list attestations in the order they were added, each once.
    for (int i = entries.size() - 1; i >= 0; i--) {
      Optional<Digest> value = entries.get(i).value();
      if (value.isPresent() && !found.containsKey(value.get())) {
        found.put(value.get(), parse(id, DsseEnvelope.parse(parts.objects().readAllBytes(value.get())), value.get().hex()));
      }
    }
    return List.copyOf(found.values());
  }

  /**
   * Lists a version's attestations of one predicate type.
   *
   * @param id the version
   * @param predicateType e.g. {@link #SLSA_PROVENANCE}
   * @return those attestations
   */
  public List<Attestation> attestations(VersionId id, String predicateType) {
    return attestations(id).stream().filter(a -> a.predicateType().equals(predicateType)).toList();
  }

  /**
   * Lists what in an attestation's subjects does not match the version's stored content.
   *
   * @param version the version
   * @param attestation an attestation about it
   * @return the mismatches in words; empty when the subjects name exactly the version's content
   */
  public List<String> subjectMismatches(ArtifactVersion version, Attestation attestation) {
    List<Attestation.Subject> expected = subjects(version);
    if (attestation.predicateType().equals(MODEL_SIGNATURE)) {
      return ModelSignatures.mismatches(ModelSignatures.resources(attestation), expected);
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> named = new LinkedHashMap<>();
    attestation.subjects().forEach(s -> named.put(s.name(), s.sha256()));
    for (Attestation.Subject subject : expected) {
      String signed = named.remove(subject.name());
      if (signed == null) {
        problems.add("'" + subject.name() + "' is not among the signed subjects");
      } else if (!signed.equals(subject.sha256())) {
        problems.add("'" + subject.name() + "' has SHA-256 " + subject.sha256() + " but the statement signs " + signed);
      }
    }
    named.keySet().forEach(extra -> problems.add("the statement signs '" + extra + "', which the version does not have"));
    return problems;
  }

  List<Attestation.Subject> subjects(ArtifactVersion version) {
    if (version.layout() == ContentLayout.DIRECTORY) {
      List<Attestation.Subject> subjects = new ArrayList<>();
      for (ManifestEntry entry : RepositoryInternals.of(repo).objects().readManifest(version.content()).entries()) {
        subjects.add(new Attestation.Subject(entry.path(), entry.digest().hex()));
      }
      return subjects;
    }
    return List.of(new Attestation.Subject(version.artifact(), version.content().hex()));
  }

  private static ObjectNode statement(List<Attestation.Subject> subjects, String predicateType) {
    ObjectNode statement = Json.mapper().createObjectNode();
    statement.put("_type", STATEMENT_TYPE);
    ArrayNode list = statement.putArray("subject");
    for (Attestation.Subject subject : subjects) {
      ObjectNode node = list.addObject();
      node.put("name", subject.name());
      node.putObject("digest").put("sha256", subject.sha256());
    }
    statement.put("predicateType", predicateType);
    return statement;
  }

  private ObjectNode provenancePredicate(ArtifactVersion version) {
    ObjectNode predicate = Json.mapper().createObjectNode();
    ObjectNode build = predicate.putObject("buildDefinition");
    build.put("buildType", BUILD_TYPE);
    ObjectNode external = build.putObject("externalParameters");
    ObjectNode internal = build.putObject("internalParameters");
    ArrayNode dependencies = build.putArray("resolvedDependencies");
    ObjectNode details = predicate.putObject("runDetails");
    details.putObject("builder").put("id", "https://pedigree.dev/builder/" + version.createdBy());
    ObjectNode metadata = details.putObject("metadata");
    external.put("version", version.id().toString());
    external.put("kind", version.kind().name());
    external.set("params", Json.mapper().valueToTree(version.params()));
    internal.set("metrics", Json.mapper().valueToTree(version.metrics()));
    internal.put("registeredBy", version.createdBy());
    internal.put("registeredAt", version.createdAt().toString());
    Optional<Run> run = version.producedBy().flatMap(runId -> repo.runs().find(runId));
    if (run.isPresent()) {
      Run r = run.get();
      external.put("job", r.job());
      external.set("runParams", Json.mapper().valueToTree(r.params()));
      ObjectNode code = internal.putObject("code");
      r.code().gitCommit().ifPresent(c -> code.put("gitCommit", c));
      code.put("dirty", r.code().dirty());
      r.code().version().ifPresent(v -> code.put("version", v));
      internal.set("environment", Json.mapper().valueToTree(r.environment()));
      for (VersionId input : r.inputs()) {
        ArtifactVersion used = repo.artifacts().version(input);
        ObjectNode dependency = dependencies.addObject();
        dependency.put("uri", "pedigree:" + input);
        dependency.put("name", input.toString());
        dependency.putObject("digest").put("sha256", used.content().hex());
        dependency.putObject("annotations").put("layout", used.layout().name());
      }
      metadata.put("invocationId", r.id());
      metadata.put("startedOn", r.startedAt().toString());
      r.endedAt().ifPresent(end -> metadata.put("finishedOn", end.toString()));
    } else {
      metadata.put("invocationId", "registered:" + version.id());
    }
    ArrayNode byproducts = details.putArray("byproducts");
    for (AuditEvent verdict : passedVerdicts(version.id())) {
      ObjectNode node = byproducts.addObject();
      node.put("name", "gate-verdict:" + verdict.detail("gate"));
      node.put("uri", "pedigree:audit/" + verdict.sequence());
      String record = verdict.detail("record");
      if (record != null) {
        node.putObject("digest").put("sha256", Digest.parse(record).hex());
      }
      ObjectNode annotations = node.putObject("annotations");
      annotations.put("gate", verdict.detail("gate"));
      annotations.put("verdict", verdict.detail("verdict"));
      annotations.put("alias", verdict.detail("alias"));
      annotations.put("baseline", verdict.detail("baseline"));
      annotations.put("time", verdict.time().toString());
    }
    return predicate;
  }

  private List<AuditEvent> passedVerdicts(VersionId id) {
    try (Stream<AuditEvent> events = repo.audit().events(AuditQuery.all().artifact(id.artifact())
        .type(AuditEventType.GATE_VERDICT))) {
      return events.filter(e -> id.toString().equals(e.detail("candidate")) && "PASSED".equals(e.detail("verdict")))
          .toList();
    }
  }

  private Attestation store(ArtifactVersion version, DsseEnvelope envelope, String keyId) {
    byte[] json = envelope.toJson();
    RepositoryInternals.Parts parts = RepositoryInternals.of(repo);
    Digest digest = parts.objects().put(json);
    Attestation attestation = parse(version.id(), envelope, digest.hex());
    RefName ref = ref(version.id());
    if (attestations(version.id()).stream().anyMatch(a -> a.id().equals(digest.hex()))) {
      return attestation; // the same signed statement is already there: signing again changes nothing
    }
    // The attestation's entry in the version's attestation log and its audit event are one fact.
    AuditedChanges.Applied applied = parts.changes().apply(null, ref, Retry.DEFAULT_ATTEMPTS * 4, null, head -> {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("attestation", digest.hex());
      details.put("predicateType", attestation.predicateType());
      details.put("key", keyId);
      return new AuditedChanges.Planned(RefUpdate.of(ref).expect(head.flatMap(RefEntry::value)).to(digest)
          .actor(repo.actor()).reason("sign " + attestation.predicateType()).build(),
          AuditEventType.ATTESTATION_ADDED, version.id().toString(), details);
    });
    LOG.info("Signed {} for {} with key {} (audit event {})", attestation.predicateType(), version.id(), keyId,
        applied.event().sequence());
    return attestation;
  }

  static Attestation parse(VersionId version, DsseEnvelope envelope, String id) {
    if (!envelope.payloadType().equals(DsseEnvelope.IN_TOTO)) {
      throw new SignatureVerificationException("Cannot use the envelope for " + version + ": its payload type is '"
          + envelope.payloadType() + "', not '" + DsseEnvelope.IN_TOTO + "'; sign an in-toto statement");
    }
    JsonNode statement;
    try {
      statement = Json.mapper().readTree(envelope.payload());
    } catch (IOException e) {
      throw new SignatureVerificationException("Cannot read the statement in the envelope for " + version + ": "
          + e.getMessage() + "; sign the version again");
    }
    if (!STATEMENT_TYPE.equals(statement.path("_type").asText()) || !statement.path("predicateType").isTextual()
        || !statement.path("subject").isArray()) {
      throw new SignatureVerificationException("Cannot use the envelope for " + version + ": it is not an in-toto "
          + "Statement v1 (_type, subject, predicateType); sign an in-toto statement");
    }
    List<Attestation.Subject> subjects = new ArrayList<>();
    for (JsonNode subject : statement.get("subject")) {
      subjects.add(new Attestation.Subject(subject.path("name").asText(""), subject.path("digest").path("sha256").asText("")));
    }
    return new Attestation(version, statement.get("predicateType").asText(), subjects, envelope, id);
  }

  private static RefName ref(VersionId id) {
    return RefName.of("artifacts/" + id.artifact() + "/attestations/" + id.number());
  }

  @Override
  public String toString() {
    return "Provenance[" + repo + "]";
  }
}
