package dev.pedigree.artifacts;

/** Whether a version's content is one file or a directory (a manifest of files). */
public enum ContentLayout {
  /** One file; the content digest is the file's. */
  FILE,
  /** A directory; the content digest is its manifest's. */
  DIRECTORY
}
