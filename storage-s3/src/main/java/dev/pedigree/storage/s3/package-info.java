/**
 * The Amazon S3 backend: {@link dev.pedigree.storage.s3.S3BlobStore}, opened from
 * {@code s3://bucket/prefix} URIs by {@link dev.pedigree.storage.s3.S3BlobStoreProvider} or
 * built around an {@code S3Client} the caller already has. Works with S3-compatible stores that
 * implement conditional writes ({@code If-None-Match: *}) through the {@code endpoint} and
 * {@code pathStyle} URI options.
 */
package dev.pedigree.storage.s3;
