/**
 * Test support for Pedigree and its backends: the {@link dev.pedigree.testing.BlobStoreContract}
 * suite every {@link dev.pedigree.storage.BlobStore} runs by subclassing it, and
 * {@link dev.pedigree.testing.GeneratedBlobSource}, large deterministic content made on the fly.
 */
package dev.pedigree.testing;
