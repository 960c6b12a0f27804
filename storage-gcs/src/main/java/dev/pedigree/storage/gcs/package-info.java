/**
 * The Google Cloud Storage backend: {@link dev.pedigree.storage.gcs.GcsBlobStore}, opened from
 * {@code gs://bucket/prefix} by {@link dev.pedigree.storage.gcs.GcsBlobStoreProvider} or built
 * around a caller's {@code com.google.cloud.storage.Storage} client. Create-if-absent is the
 * service's {@code ifGenerationMatch=0} precondition.
 */
package dev.pedigree.storage.gcs;
