/**
 * Test support for Pedigree and its backends: the {@link dev.pedigree.testing.BlobStoreContract}
 * and {@link dev.pedigree.testing.RefStoreContract} suites every
 * {@link dev.pedigree.storage.BlobStore} runs by subclassing them, and
 * {@link dev.pedigree.testing.GeneratedBlobSource}, large deterministic content made on the fly.
 */
package dev.pedigree.testing;
