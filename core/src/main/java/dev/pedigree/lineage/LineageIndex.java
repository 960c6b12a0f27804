package dev.pedigree.lineage;

import dev.pedigree.artifacts.VersionId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The in-memory adjacency of the lineage graph: versions and runs numbered densely, each
 * version with the runs that produced and read it, each run with its inputs and outputs, as
 * int arrays. Built from edge records in log order; not thread-safe (the graph guards it).
 * Internal.
 */
final class LineageIndex {
  private static final int MAGIC = 0x504c4931; // "PLI1"

  private final Map<String, Integer> versionIds = new HashMap<>();
  private final List<String> versionNames = new ArrayList<>();
  private LineageNode.VersionNode[] versionNodes = new LineageNode.VersionNode[16];
  private LineageNode.RunNode[] runNodes = new LineageNode.RunNode[16];
  private int[][] producers = new int[16][];
  private int[][] consumers = new int[16][];

  private final Map<String, Integer> runIds = new HashMap<>();
  private final List<String> runNames = new ArrayList<>();
  private final List<String> jobs = new ArrayList<>();
  private byte[] statuses = new byte[16];
  private int[][] runInputs = new int[16][];
  private int[][] runOutputs = new int[16][];
  private long edges;

  /** The newest edge log segment folded in. */
  volatile long loadedSegment;

  int versionCount() {
    return versionNames.size();
  }

  int runCount() {
    return runNames.size();
  }

  long edgeCount() {
    return edges;
  }

  /** Folds in one run's edges; a run already known (imported twice) is ignored. */
  void add(EdgeRecord record) {
    add(record.run(), record.job(), record.status(), record.inputs(), record.outputs());
  }

  private void add(String run, String job, RunStatus status, List<String> inputs, List<String> outputs) {
    if (runIds.containsKey(run)) {
      return;
    }
    int[] in = new int[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = versionIndex(inputs.get(i));
    }
    int[] out = new int[outputs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = versionIndex(outputs.get(i));
    }
    addIndexed(run, job, status, in, out);
  }

  /** Folds in a run whose versions are already numbered; the arrays become the index's. */
  private void addIndexed(String run, String job, RunStatus status, int[] in, int[] out) {
    if (runIds.putIfAbsent(run, runNames.size()) != null) {
      return;
    }
    int r = runNames.size();
    runNames.add(run);
    jobs.add(job);
    if (r >= statuses.length) {
      int size = statuses.length * 2;
      statuses = Arrays.copyOf(statuses, size);
      runInputs = Arrays.copyOf(runInputs, size);
      runOutputs = Arrays.copyOf(runOutputs, size);
      runNodes = Arrays.copyOf(runNodes, size);
    }
    statuses[r] = (byte) status.ordinal();
    for (int v : in) {
      consumers[v] = append(consumers[v], r);
    }
    for (int v : out) {
      producers[v] = append(producers[v], r);
    }
    runInputs[r] = in;
    runOutputs[r] = out;
    edges += in.length + out.length;
  }

  private int versionIndex(String name) {
    Integer known = versionIds.get(name);
    if (known != null) {
      return known;
    }
    int v = versionNames.size();
    versionIds.put(name, v);
    versionNames.add(name);
    if (v >= producers.length) {
      producers = Arrays.copyOf(producers, producers.length * 2);
      consumers = Arrays.copyOf(consumers, consumers.length * 2);
      versionNodes = Arrays.copyOf(versionNodes, versionNodes.length * 2);
    }
    return v;
  }

  private static int[] append(int[] list, int value) {
    // The first slot holds the count, so a list grows by doubling without a wrapper object.
    if (list == null) {
      list = new int[3];
    } else if (list[0] + 1 >= list.length) {
      list = Arrays.copyOf(list, list.length * 2);
    }
    list[++list[0]] = value;
    return list;
  }

  /** Returns the index of a version, or -1 if no run touched it. */
  int version(String name) {
    Integer v = versionIds.get(name);
    return v == null ? -1 : v;
  }

  /** Returns the index of a run, or -1. */
  int run(String id) {
    Integer r = runIds.get(id);
    return r == null ? -1 : r;
  }

  /** The runs that read version {@code v}, count first (see {@link #append}); may be null. */
  int[] consumersOf(int v) {
    return consumers[v];
  }

  /** The runs that produced version {@code v}, count first; may be null. */
  int[] producersOf(int v) {
    return producers[v];
  }

  int[] inputsOf(int r) {
    return runInputs[r];
  }

  int[] outputsOf(int r) {
    return runOutputs[r];
  }

  /**
   * Returns version {@code v}'s node, made once and kept. Queries call this concurrently
   * under the graph's read lock; two threads may both make a node, which is harmless.
   */
  LineageNode.VersionNode versionNode(int v) {
    LineageNode.VersionNode node = versionNodes[v];
    if (node == null) {
      node = new LineageNode.VersionNode(VersionId.parse(versionNames.get(v)));
      versionNodes[v] = node;
    }
    return node;
  }

  /** Returns run {@code r}'s node, made once and kept. */
  LineageNode.RunNode runNode(int r) {
    LineageNode.RunNode node = runNodes[r];
    if (node == null) {
      node = new LineageNode.RunNode(runNames.get(r), jobs.get(r), RunStatus.values()[statuses[r]]);
      runNodes[r] = node;
    }
    return node;
  }

  /** Writes the index compactly: the version names, then each run with its edges. */
  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeLong(loadedSegment);
        out.writeInt(versionNames.size());
        for (String name : versionNames) {
          out.writeUTF(name);
        }
        out.writeInt(runNames.size());
        for (int r = 0; r < runNames.size(); r++) {
          out.writeUTF(runNames.get(r));
          out.writeUTF(jobs.get(r));
          out.writeByte(statuses[r]);
          writeInts(out, runInputs[r]);
          writeInts(out, runOutputs[r]);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads an index that {@link #encode()} wrote. */
  static LineageIndex decode(byte[] encoded) throws IOException {
    LineageIndex index = new LineageIndex();
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(encoded), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("it does not start with the lineage index marker");
      }
      long segment = in.readLong();
      int versions = in.readInt();
      if (versions < 0) {
        throw new IOException("it claims " + versions + " versions");
      }
      // Number the stored versions once; the runs then refer to them by number.
      int[] numbering = new int[versions];
      for (int v = 0; v < versions; v++) {
        numbering[v] = index.versionIndex(in.readUTF());
      }
      int runs = in.readInt();
      RunStatus[] statusValues = RunStatus.values();
      for (int r = 0; r < runs; r++) {
        String id = in.readUTF();
        String job = in.readUTF();
        int status = in.readByte();
        if (status < 0 || status >= statusValues.length) {
          throw new IOException("run " + id + " has an unknown status " + status);
        }
        index.addIndexed(id, job, statusValues[status], readVersions(in, numbering), readVersions(in, numbering));
      }
      index.loadedSegment = segment;
    }
    return index;
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int value : values) {
      out.writeInt(value);
    }
  }

  private static int[] readVersions(DataInputStream in, int[] numbering) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > numbering.length) {
      throw new IOException("an edge list has an impossible length " + count);
    }
    int[] result = new int[count];
    for (int i = 0; i < count; i++) {
      int v = in.readInt();
      if (v < 0 || v >= numbering.length) {
        throw new IOException("an edge names version " + v + " of " + numbering.length);
      }
      result[i] = numbering[v];
    }
    return result;
  }
}
