package dev.pedigree.bench;

import dev.pedigree.Repository;
import dev.pedigree.artifacts.ArtifactKind;
import dev.pedigree.artifacts.ArtifactVersion;
import dev.pedigree.artifacts.NewVersion;
import dev.pedigree.provenance.Attestation;
import dev.pedigree.provenance.Keys;
import dev.pedigree.provenance.ModelSignatures;
import dev.pedigree.provenance.Provenance;
import dev.pedigree.provenance.SignatureAlgorithm;
import dev.pedigree.provenance.Signer;
import dev.pedigree.provenance.TrustPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Times signing and verifying a large model: the model-signing signature (which reads the
 * stored manifest only: the content was hashed at ingest), the Sigstore bundle, verification of
 * a checked-out copy against the bundle (re-hashes every byte), and a trust-policy decision.
 * Prints medians of the given number of rounds next to `sha256sum` of the same file.
 *
 * <p>Usage: {@code SigningBench <work-folder> <size-MiB> <rounds>}
 */
public final class SigningBench {
  private SigningBench() {
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    long mib = Long.parseLong(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Path model = Files.createDirectories(work.resolve("model"));
    Path weights = model.resolve("weights.bin");
    write(weights, mib << 20);
    Files.writeString(model.resolve("config.json"), "{\"layers\":12}");
    try (Repository repo = Repository.open(work.resolve("store").toUri().toString())) {
      long start = System.nanoTime();
      ArtifactVersion version = repo.artifacts().register(NewVersion.of("big-model", ArtifactKind.MODEL).directory(model).build());
      System.out.printf("register (hash + store %d MiB): %.2f s%n", mib, (System.nanoTime() - start) / 1e9);
      KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      Signer signer = Keys.signer(pair);
      Path checkout = work.resolve("checkout");
      repo.artifacts().checkout(version, checkout);
      List<Double> sign = new ArrayList<>();
      List<Double> verify = new ArrayList<>();
      List<Double> policy = new ArrayList<>();
      List<Double> sha256sum = new ArrayList<>();
      TrustPolicy trust = TrustPolicy.builder().trust(pair.getPublic()).requireModelSignature().build();
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        Attestation signed = Provenance.of(repo).signModel(version.id(), signer);
        byte[] bundle = ModelSignatures.bundle(signed, pair.getPublic());
        long t1 = System.nanoTime();
        ModelSignatures.verify(bundle, checkout, pair.getPublic());
        long t2 = System.nanoTime();
        if (!trust.evaluate(repo, version).trusted()) {
          throw new IllegalStateException("the signed model is not trusted");
        }
        long t3 = System.nanoTime();
        Process process = new ProcessBuilder("sha256sum", checkout.resolve("weights.bin").toString()).inheritIO()
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        long t4 = System.nanoTime();
        sign.add((t1 - t0) / 1e9);
        verify.add((t2 - t1) / 1e9);
        policy.add((t3 - t2) / 1e9);
        sha256sum.add((t4 - t3) / 1e9);
      }
      System.out.printf("sign model (manifest digests, P-256, bundle): median %.3f s%n", median(sign));
      System.out.printf("verify a %d MiB checkout against the bundle (re-hash every file): median %.2f s%n", mib, median(verify));
      System.out.printf("trust policy decision (read + check attestations): median %.3f s%n", median(policy));
      System.out.printf("sha256sum of the same file: median %.2f s (verify / sha256sum = %.2f)%n", median(sha256sum),
          median(verify) / median(sha256sum));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void write(Path file, long bytes) throws IOException {
    Random random = new Random(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, bytes - done));
      }
    }
  }
}
