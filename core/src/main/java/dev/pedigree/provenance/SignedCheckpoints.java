package dev.pedigree.provenance;

import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.Repository;
import dev.pedigree.RepositoryVerification;
import dev.pedigree.VerifyOptions;
import dev.pedigree.audit.AuditCheckpoint;
import dev.pedigree.audit.AuditEventType;
import dev.pedigree.exceptions.SignatureVerificationException;
import dev.pedigree.internal.AuditedChanges;
import dev.pedigree.internal.Retry;
import dev.pedigree.internal.RepositoryInternals;
import dev.pedigree.objects.Digest;
import dev.pedigree.refs.RefEntry;
import dev.pedigree.refs.RefName;
import dev.pedigree.refs.RefUpdate;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Signs checkpoints of the audit log and verifies a repository against them.
 *
 * <p>Unsigned, a kept {@link AuditCheckpoint} proves the history only to whoever kept it. Signed,
 * it can be published and kept anywhere (a CI artifact, another bucket, a transparency log), and
 * anyone who trusts the key detects a rollback (the newest events removed) or a rewrite before
 * the checkpoint. Each signed checkpoint is also stored in the repository's
 * {@code checkpoints/audit} log (one fact with its {@code CHECKPOINT_SIGNED} audit event), so
 * {@link #latest} finds them; a reader should still keep the newest it has seen, because whoever
 * rolls the store back can roll that log back too.
 *
 * <pre>{@code
 * SignedCheckpoint kept = SignedCheckpoints.sign(repo, signer);           // e.g. nightly
 * Files.write(Path.of("audit-checkpoint.json"), kept.toJson());
 * ...
 * SignedCheckpoint trusted = SignedCheckpoint.parse(Files.readAllBytes(Path.of("audit-checkpoint.json")));
 * RepositoryVerification check = SignedCheckpoints.verify(repo, trusted, List.of(releaseKey));
 * }</pre>
 */
public final class SignedCheckpoints {
  private static final RefName LOG = RefName.of("checkpoints/audit");

  private SignedCheckpoints() {
  }

  /**
   * Signs the audit log's current checkpoint and stores it in the repository.
   *
   * @param repo the repository
   * @param signer the signer
   * @return the signed checkpoint
   */
  public static SignedCheckpoint sign(Repository repo, Signer signer) {
    AuditCheckpoint checkpoint = repo.audit().checkpoint();
    SignedCheckpoint signed = SignedCheckpoint.sign(checkpoint, repo.location().toString(), Instant.now(), signer);
    RepositoryInternals.Parts parts = RepositoryInternals.of(repo);
    Digest stored = parts.objects().put(signed.toJson());
    parts.changes().apply(null, LOG, Retry.DEFAULT_ATTEMPTS * 4, null, head -> new AuditedChanges.Planned(
        RefUpdate.of(LOG).expect(head.flatMap(RefEntry::value)).to(stored).actor(repo.actor())
            .reason("signed audit checkpoint " + checkpoint).build(),
        AuditEventType.CHECKPOINT_SIGNED, "audit", Map.of("checkpoint", checkpoint.toString(), "key", signer.keyId(),
            "signed", stored.hex())));
    return signed;
  }

  /**
   * Returns the newest checkpoint stored in the repository that one of the keys signed.
   *
   * @param repo the repository
   * @param trusted the trusted public keys
   * @return the newest such checkpoint, or empty
   */
  public static Optional<SignedCheckpoint> latest(Repository repo, Collection<PublicKey> trusted) {
    RepositoryInternals.Parts parts = RepositoryInternals.of(repo);
    List<RefEntry> entries;
    try (Stream<RefEntry> history = parts.refs().history(LOG)) {
      entries = history.toList();
    }
    for (RefEntry entry : entries) {
      if (entry.value().isPresent()) {
        SignedCheckpoint signed = SignedCheckpoint.parse(parts.objects().readAllBytes(entry.value().get()));
        if (signed.verifiedBy(trusted)) {
          return Optional.of(signed);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Checks a signed checkpoint's signature and location, then verifies the repository against it
   * (structural level): any rollback or rewrite of the audit history before it is reported.
   *
   * @param repo the repository
   * @param signed a checkpoint kept by the reader
   * @param trusted the keys the reader trusts
   * @return the verification; {@code tampered()} when the history was rolled back or rewritten
   * @throws SignatureVerificationException if no trusted key signed it, or it is another repository's
   */
  public static RepositoryVerification verify(Repository repo, SignedCheckpoint signed, Collection<PublicKey> trusted) {
    InvalidRequestException.requireNonNull(signed, "signed");
    if (!signed.verifiedBy(trusted)) {
      throw new SignatureVerificationException("Cannot verify against checkpoint " + signed.checkpoint()
          + ": it is not signed by a trusted key (or it was changed); use a checkpoint signed by one of "
          + trusted.stream().map(Keys::keyId).toList());
    }
    if (!signed.location().equals(repo.location().toString())) {
      throw new SignatureVerificationException("Cannot verify " + repo.location() + " against checkpoint "
          + signed.checkpoint() + ": it was signed for " + signed.location() + "; use that repository's checkpoint");
    }
    return repo.verify(VerifyOptions.structural().against(signed.checkpoint()));
  }
}
