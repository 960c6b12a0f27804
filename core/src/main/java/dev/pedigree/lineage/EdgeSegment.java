package dev.pedigree.lineage;

import dev.pedigree.internal.Json;
import dev.pedigree.objects.Digest;
import java.util.List;

/**
 * One segment of the edge log: the edges of one or more finished runs, and a unique id that
 * lets a writer recognise its own segment after an uncertain outcome. {@code chain} is the
 * previous segment's {@code sum} (64 zeros for the first) and {@code sum} the SHA-256 of this
 * segment's canonical JSON without {@code sum}; both are null in segments written before the
 * log was chained. Internal.
 */
record EdgeSegment(String format, String id, List<EdgeRecord> runs, String chain, String sum) {
  static final String FORMAT = "pedigree.lineage-segment/1";

  EdgeSegment {
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  EdgeSegment withSum(String value) {
    return new EdgeSegment(format, id, runs, chain, value);
  }

  String computeSum() {
    return Digest.of(Json.write(withSum(null))).hex();
  }
}
