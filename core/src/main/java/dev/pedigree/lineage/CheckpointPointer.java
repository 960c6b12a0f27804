package dev.pedigree.lineage;

import dev.pedigree.objects.Digest;

/**
 * Names a stored lineage index object and the edge log segment it covers up to. Internal.
 *
 * @param format the record format
 * @param segment the newest segment folded into the index
 * @param index the digest of the encoded index object
 */
record CheckpointPointer(String format, long segment, Digest index) {
  static final String FORMAT = "pedigree.lineage-checkpoint/1";
}
