/**
 * The storage SPI and the two backends in core.
 *
 * <p>A backend implements {@link dev.pedigree.storage.BlobStore}: read, stat, write,
 * create-if-absent, list by prefix, delete. Optional abilities are extra interfaces such as
 * {@link dev.pedigree.storage.SupportsStagedWrites}. Backends are found by URI scheme through
 * {@link dev.pedigree.storage.BlobStores}; {@link dev.pedigree.storage.MemoryBlobStore}
 * ({@code mem:}) and {@link dev.pedigree.storage.FileBlobStore} ({@code file:}) ship in core.
 */
package dev.pedigree.storage;
