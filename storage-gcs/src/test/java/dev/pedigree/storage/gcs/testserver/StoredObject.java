package dev.pedigree.storage.gcs.testserver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One live object generation held by the test server; its bytes are in {@code file}.
 *
 * @param name the object name
 * @param generation the generation number, unique across the server
 * @param metageneration the metadata generation (always 1: the server has no metadata updates)
 * @param size the content size
 * @param md5 the base64 MD5 of the content
 * @param crc32c the base64 big-endian CRC32C of the content
 * @param contentType the content type
 * @param metadata the custom metadata
 * @param created when it was written
 * @param file where its bytes are
 */
record StoredObject(String name, long generation, long metageneration, long size, String md5, String crc32c,
    String contentType, Map<String, String> metadata, Instant created, Path file) {
  StoredObject {
    metadata = Map.copyOf(metadata);
  }
}
