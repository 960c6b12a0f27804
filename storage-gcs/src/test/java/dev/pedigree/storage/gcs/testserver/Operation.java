package dev.pedigree.storage.gcs.testserver;

/** The kinds of request the test server tells apart, for fault injection and the request log. */
public enum Operation {
  /** A single-request upload: {@code uploadType=media} or {@code multipart}. */
  INSERT,
  /** The start of a resumable upload ({@code uploadType=resumable}). */
  RESUMABLE_START,
  /** A PUT to a resumable upload session: a chunk, the final chunk, or a status query. */
  RESUMABLE_PUT,
  /** A DELETE of a resumable upload session (cancel). */
  RESUMABLE_CANCEL,
  /** An object's metadata. */
  GET,
  /** An object's content ({@code alt=media}). */
  DOWNLOAD,
  /** A listing of objects. */
  LIST,
  /** An object delete. */
  DELETE,
  /** A rewrite (server-side copy) of an object under another name. */
  REWRITE,
  /** A bucket's metadata. */
  GET_BUCKET,
  /** Anything the server does not implement. */
  UNKNOWN
}
