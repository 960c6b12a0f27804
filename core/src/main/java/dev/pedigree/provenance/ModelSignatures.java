package dev.pedigree.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.internal.Json;
import dev.pedigree.objects.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Model signatures in the OpenSSF model-signing v1.0 layout, wrapped in a Sigstore bundle
 * (v0.3, key-based: the public key's hint, no transparency log), and their verification
 * against the files of a model on disk.
 *
 * <p>The statement's predicate ({@code https://model_signing/signature/v1.0}) lists every
 * file's SHA-256 by path, sorted; its single subject carries the SHA-256 over those digests in
 * that order, as the model-signing tool computes it. A bundle written by {@link #bundle} is
 * accepted by {@code model_signing verify key} and by Sigstore's own verifiers with the public key.
 *
 * <pre>{@code
 * Attestation signed = Provenance.of(repo).signModel(model.id(), signer);
 * Files.write(dir.resolve("model.sig"), ModelSignatures.bundle(signed, signer.publicKey()));
 * ModelSignatures.verify(Files.readAllBytes(dir.resolve("model.sig")), dir, trustedKey); // throws if changed
 * }</pre>
 */
public final class ModelSignatures {
  /** The Sigstore bundle media type written. */
  public static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  /** The file name model-signing uses for a signature inside a model folder; skipped when verifying. */
  public static final String SIGNATURE_FILE = "model.sig";

  private ModelSignatures() {
  }

  /**
   * Wraps a stored model signature in a Sigstore bundle.
   *
   * @param signature an attestation of type {@link Provenance#MODEL_SIGNATURE}
   * @param publicKey the signer's public key, whose hint the bundle carries
   * @return the bundle's JSON bytes
   */
  public static byte[] bundle(Attestation signature, PublicKey publicKey) {
    if (!signature.predicateType().equals(Provenance.MODEL_SIGNATURE)) {
      throw new dev.pedigree.exceptions.InvalidRequestException("Cannot bundle attestation " + signature.id()
          + " as a model signature: its predicate is " + signature.predicateType() + "; use Provenance.signModel(..)");
    }
    ObjectNode bundle = Json.mapper().createObjectNode();
    bundle.put("mediaType", BUNDLE_MEDIA_TYPE);
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", Keys.keyId(publicKey));
    material.putArray("tlogEntries");
    bundle.set("dsseEnvelope", signature.envelope().toNode());
    return Json.write(bundle);
  }

  /**
   * Verifies a model signature bundle against a model on disk and a trusted key: the key's hint,
   * the DSSE signature, the statement's consistency, and every file's SHA-256.
   *
   * @param bundleJson the bundle
   * @param model the model: a folder (its {@value #SIGNATURE_FILE} is skipped) or a single file
   * @param trustedKey the public key the model must be signed with
   * @return the verified files and digests
   * @throws SignatureVerificationException naming what does not match
   */
  public static List<Attestation.Subject> verify(byte[] bundleJson, Path model, PublicKey trustedKey) {
    JsonNode bundle;
    try {
      bundle = Json.mapper().readTree(bundleJson);
    } catch (IOException e) {
      throw new SignatureVerificationException("Cannot verify the model signature: the bundle is not JSON ("
          + e.getMessage() + "); sign the model again");
    }
    if (!bundle.path("mediaType").asText("").startsWith("application/vnd.dev.sigstore.bundle")) {
      throw new SignatureVerificationException("Cannot verify the model signature: it is not a Sigstore bundle"
          + " (mediaType '" + bundle.path("mediaType").asText("") + "'); sign the model again");
    }
    String hint = bundle.path("verificationMaterial").path("publicKey").path("hint").asText("");
    String trustedId = Keys.keyId(trustedKey);
    if (!hint.isEmpty() && !hint.equals(trustedId)) {
      throw new SignatureVerificationException("Cannot verify the model signature: it was made with key " + hint
          + ", not the trusted key " + trustedId + "; verify with the signer's public key");
    }
    DsseEnvelope envelope = DsseEnvelope.fromNode(bundle.path("dsseEnvelope"));
    if (!envelope.verifiedBy(trustedKey)) {
      throw new SignatureVerificationException("Cannot verify the model signature: the signature does not verify"
          + " under key " + trustedId + " (the signature or the signed statement was changed); sign the model again");
    }
    Attestation statement = Provenance.parse(new dev.pedigree.artifacts.VersionId("model", 1), envelope, "");
    List<Attestation.Subject> signed = resources(statement);
    List<String> problems = mismatches(signed, digestFiles(model, signed));
    if (!problems.isEmpty()) {
      throw new SignatureVerificationException("Cannot verify the model at " + model + ": "
          + String.join("; ", problems) + "; the model was changed after it was signed: restore it or sign it again");
    }
    return signed;
  }

  static byte[] statement(String modelName, List<Attestation.Subject> files) {
    List<Attestation.Subject> sorted = files.stream().sorted(Comparator.comparing(Attestation.Subject::name)).toList();
    ObjectNode statement = Json.mapper().createObjectNode();
    statement.put("_type", Provenance.STATEMENT_TYPE);
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", modelName);
    subject.putObject("digest").put("sha256", rootDigest(sorted));
    statement.put("predicateType", Provenance.MODEL_SIGNATURE);
    ObjectNode predicate = statement.putObject("predicate");
    ObjectNode serialization = predicate.putObject("serialization");
    serialization.put("method", "files");
    serialization.put("hash_type", "sha256");
    serialization.put("allow_symlinks", false);
    serialization.putArray("ignore_paths").add(SIGNATURE_FILE);
    ArrayNode resources = predicate.putArray("resources");
    for (Attestation.Subject file : sorted) {
      ObjectNode resource = resources.addObject();
      resource.put("name", file.name());
      resource.put("algorithm", "sha256");
      resource.put("digest", file.sha256());
    }
    return Json.write(statement);
  }

  /**
   * Reads the files a model signature lists, after checking that its subject's digest is the
   * digest over them.
   */
  static List<Attestation.Subject> resources(Attestation statement) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(statement.envelope().payload());
    } catch (IOException e) {
      throw new SignatureVerificationException("Cannot read the model signature's statement: " + e.getMessage());
    }
    if (!Provenance.MODEL_SIGNATURE.equals(root.path("predicateType").asText())) {
      throw new SignatureVerificationException("Cannot verify the model signature: its predicate type is '"
          + root.path("predicateType").asText() + "', not " + Provenance.MODEL_SIGNATURE + "; sign it with signModel(..)");
    }
    List<Attestation.Subject> files = new ArrayList<>();
    for (JsonNode resource : root.path("predicate").path("resources")) {
      if (!"sha256".equals(resource.path("algorithm").asText())) {
        throw new SignatureVerificationException("Cannot verify the model signature: resource '"
            + resource.path("name").asText() + "' uses algorithm '" + resource.path("algorithm").asText()
            + "'; Pedigree verifies sha256 only");
      }
      files.add(new Attestation.Subject(resource.path("name").asText(), resource.path("digest").asText()));
    }
    if (statement.subjects().size() != 1 || !statement.subjects().get(0).sha256().equals(rootDigest(files))) {
      throw new SignatureVerificationException("Cannot verify the model signature: its subject digest is not the"
          + " digest over the listed files (the statement is inconsistent); sign the model again");
    }
    return files;
  }

  static List<String> mismatches(List<Attestation.Subject> signed, List<Attestation.Subject> actual) {
    Map<String, String> expected = new LinkedHashMap<>();
    signed.forEach(s -> expected.put(s.name(), s.sha256()));
    List<String> problems = new ArrayList<>();
    for (Attestation.Subject file : actual) {
      String digest = expected.remove(file.name());
      if (digest == null) {
        problems.add("file '" + file.name() + "' is not in the signature");
      } else if (!digest.equals(file.sha256())) {
        problems.add("file '" + file.name() + "' has SHA-256 " + file.sha256() + ", signed was " + digest);
      }
    }
    expected.keySet().forEach(missing -> problems.add("signed file '" + missing + "' is missing"));
    return problems;
  }

  static List<Attestation.Subject> digestFiles(Path model, List<Attestation.Subject> signed) {
    if (Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
      // A single file is known by its content; the name it was signed under is the artifact's.
      String name = signed.size() == 1 ? signed.get(0).name() : model.getFileName().toString();
      return List.of(new Attestation.Subject(name, Digest.of(model).hex()));
    }
    if (!Files.isDirectory(model, LinkOption.NOFOLLOW_LINKS)) {
      throw new SignatureVerificationException("Cannot verify the model at " + model
          + ": it is neither a regular file nor a folder");
    }
    List<Attestation.Subject> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(model)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        String name = model.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
          throw new SignatureVerificationException("Cannot verify the model at " + model + ": '" + name
              + "' is a symbolic link, which the signature's serialization does not allow");
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Set.of(SIGNATURE_FILE).contains(name)) {
          files.add(new Attestation.Subject(name, Digest.of(path).hex()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model at " + model + ": " + e.getMessage(), e);
    }
    return files;
  }



  private static String rootDigest(List<Attestation.Subject> files) {
    MessageDigest digest = Digest.newSha256();
    for (Attestation.Subject file : files) {
      digest.update(HexFormat.of().parseHex(file.sha256()));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
