/**
 * Signed provenance for versions: in-toto attestations in DSSE envelopes, model signatures in
 * the OpenSSF model-signing v1.0 layout (a Sigstore bundle), trust policies checked before a
 * version is served or promoted, and signed checkpoints of the audit log.
 *
 * <pre>{@code
 * Signer signer = Keys.signer(Path.of("keys/release.pem"));
 * Provenance provenance = Provenance.of(repo);
 * provenance.attest(model.id(), signer);            // SLSA v1 provenance, stored beside the version
 * provenance.signModel(model.id(), signer);         // model_signing v1.0 bundle
 * TrustPolicy policy = TrustPolicy.builder().trust(signer.publicKey())
 *     .requireProvenance().requireModelSignature().requireGatePassed("production").build();
 * TrustDecision decision = policy.evaluate(repo, model);
 * }</pre>
 */
package dev.pedigree.provenance;
