package dev.pedigree.lineage;

import java.util.List;

/**
 * One segment of the edge log: the edges of one or more finished runs, and a unique id that
 * lets a writer recognise its own segment after an uncertain outcome. Internal.
 */
record EdgeSegment(String format, String id, List<EdgeRecord> runs) {
  static final String FORMAT = "pedigree.lineage-segment/1";

  EdgeSegment {
    runs = runs == null ? List.of() : List.copyOf(runs);
  }
}
