package dev.pedigree.lineage;

import dev.pedigree.artifacts.ArtifactRegistry;
import dev.pedigree.artifacts.VersionId;
import dev.pedigree.exceptions.ArtifactNotFoundException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.exceptions.PedigreeException;
import dev.pedigree.internal.Json;
import dev.pedigree.internal.NumberedLog;
import dev.pedigree.internal.StoreLayout;
import dev.pedigree.objects.Digest;
import dev.pedigree.objects.ObjectStore;
import dev.pedigree.storage.BlobKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers lineage questions about versions: what a version was derived from
 * ({@link #upstream}), what was derived from it ({@link #downstream}, "which models used this
 * dataset?"), and how two versions are connected ({@link #path}). Obtain it from
 * {@code Repository.lineage()}.
 *
 * <pre>{@code
 * LineageView impact = repo.lineage().downstream(VersionId.parse("raw-customers:3"));
 * List<VersionId> models = impact.versions().stream()
 *     .filter(v -> repo.artifacts().version(v).kind() == ArtifactKind.MODEL).toList();
 * System.out.println(Mermaid.render(repo.lineage().upstream(models.get(0))));
 * }</pre>
 *
 * <h2>How it is fast, and why it is still correct</h2>
 * Reading every run record for each query would not scale (100,000 runs are 100,000 reads).
 * Instead the graph is kept as an <em>edge log</em> next to the run records, and each
 * {@code LineageGraph} holds an in-memory adjacency index built from it:
 * <ul>
 *   <li><b>Edge log.</b> When a run finishes, {@link Runs} appends one segment
 *       {@code lineage/edges/<n>} with the run's id, job, status, inputs and outputs, created
 *       only if absent, before the run's record ref moves. Segment numbers have no gaps, so
 *       the log needs no listing: "is there anything new?" is one existence check of
 *       {@code n + 1}. A bulk import ({@link Runs#importLineage}) writes many runs into one
 *       segment.
 *   <li><b>Index.</b> Versions and runs are numbered densely; each version keeps the runs
 *       that produced and read it, each run its inputs and outputs, as int arrays. A query
 *       walks these arrays breadth first with bit sets as visited marks, so cycles (which
 *       well-formed lineage never has, but a hand-edited store might) end the walk rather
 *       than loop, and a downstream query costs the size of its answer, not of the graph.
 *   <li><b>Freshness.</b> Every query first checks whether segment {@code n + 1} exists,
 *       {@code n} being the newest folded in, and folds in new segments until the first
 *       missing one. A run that finished before the query started, in this process or any
 *       other, has its segment written and every earlier number taken, so the query sees it.
 *   <li><b>Checkpoints.</b> Indexes are objects too: after folding in many new segments
 *       (runs: at least 1,024 and at least half as many as the last checkpoint covered, so
 *       the total written stays proportional to the log), the graph stores its encoded index as
 *       a content-addressed object and creates {@code lineage/checkpoints/<c>} naming it and
 *       the segment it covers. A cold open finds the newest checkpoint by probing (no
 *       listing), reads one object, verified by its digest, and then only the segments after
 *       it. A damaged checkpoint is logged and ignored: the segments are the truth.
 * </ul>
 *
 * <p>The graph holds the runs that finished (succeeded or failed); a run still running has
 * no edges here yet. A version no run touched is its own one-node graph. Thread-safe.
 */
public final class LineageGraph {
  private static final Logger LOG = LoggerFactory.getLogger(LineageGraph.class);
  private static final String CHECKPOINTS = StoreLayout.LINEAGE_CHECKPOINTS;
  private static final long DEFAULT_CHECKPOINT_GAP = 1024;

  /** Depth that means "as far as the graph goes". */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  private final Runs runs;
  private final NumberedLog checkpoints;
  private final ObjectStore objects;
  private final ArtifactRegistry artifacts;
  private final EdgeLog edgeLog;
  private final long minCheckpointGap;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile LineageIndex index;
  private long checkpointNumber;
  private long checkpointSegment;
  private long checkpointRuns;

  /**
   * Creates the lineage graph over the runs of one repository.
   *
   * @param runs the runs whose edges it reads
   */
  public LineageGraph(Runs runs) {
    this(runs, DEFAULT_CHECKPOINT_GAP);
  }

  LineageGraph(Runs runs, long minCheckpointGap) {
    InvalidRequestException.requireNonNull(runs, "runs");
    this.runs = runs;
    this.checkpoints = new NumberedLog(runs.store(), CHECKPOINTS, NumberedLog.Order.OLDEST_FIRST);
    this.objects = runs.objects();
    this.artifacts = runs.artifacts();
    this.edgeLog = runs.edgeLog();
    this.minCheckpointGap = minCheckpointGap;
  }

  /**
   * Returns everything a version was derived from, to any depth: the run that produced it,
   * that run's inputs, the runs that produced those, and so on.
   *
   * @param version the version
   * @return the graph, rooted at the version
   * @throws ArtifactNotFoundException if the version does not exist
   */
  public LineageView upstream(VersionId version) {
    return upstream(version, UNLIMITED);
  }

  /**
   * Returns what a version was derived from, up to a number of runs back.
   *
   * @param version the version
   * @param depth how many runs to go back: 1 is the producing run and its inputs, 0 only the
   *     version itself, {@link #UNLIMITED} as far as the graph goes
   * @return the graph, rooted at the version
   * @throws ArtifactNotFoundException if the version does not exist
   */
  public LineageView upstream(VersionId version, int depth) {
    return walk(version, depth, false);
  }

  /**
   * Returns everything derived from a version, to any depth: the runs that read it, their
   * outputs, the runs that read those, and so on.
   *
   * @param version the version
   * @return the graph, rooted at the version
   * @throws ArtifactNotFoundException if the version does not exist
   */
  public LineageView downstream(VersionId version) {
    return downstream(version, UNLIMITED);
  }

  /**
   * Returns what was derived from a version, up to a number of runs forward.
   *
   * @param version the version
   * @param depth how many runs to go forward: 1 is the runs that read it and their outputs, 0
   *     only the version itself, {@link #UNLIMITED} as far as the graph goes
   * @return the graph, rooted at the version
   * @throws ArtifactNotFoundException if the version does not exist
   */
  public LineageView downstream(VersionId version, int depth) {
    return walk(version, depth, true);
  }

  /**
   * Returns a shortest chain of versions and runs through which one version was derived from
   * the other, in either direction, listed the way data flowed (the upstream version first).
   *
   * @param from one version
   * @param to the other
   * @return the nodes along the path, from the upstream end; just the version when both are
   *     the same; empty when neither was derived from the other
   * @throws ArtifactNotFoundException if either version does not exist
   */
  public List<LineageNode> path(VersionId from, VersionId to) {
    InvalidRequestException.requireNonNull(from, "from");
    InvalidRequestException.requireNonNull(to, "to");
    LineageIndex current = fresh();
    requireExists(current, from);
    requireExists(current, to);
    lock.readLock().lock();
    try {
      int a = current.version(from.toString());
      int b = current.version(to.toString());
      if (from.equals(to)) {
        return List.of(new LineageNode.VersionNode(from));
      }
      if (a < 0 || b < 0) {
        return List.of();
      }
      List<LineageNode> forward = shortestPath(current, a, b);
      return forward.isEmpty() ? shortestPath(current, b, a) : forward;
    } finally {
      lock.readLock().unlock();
    }
  }

  private LineageView walk(VersionId version, int depth, boolean down) {
    InvalidRequestException.requireNonNull(version, "version");
    if (depth < 0) {
      throw new InvalidRequestException("Cannot walk the lineage of " + version + " to depth " + depth
          + ": depth counts runs and cannot be negative; pass 0 or more, or LineageGraph.UNLIMITED");
    }
    LineageIndex current = fresh();
    requireExists(current, version);
    lock.readLock().lock();
    try {
      int root = current.version(version.toString());
      LineageNode.VersionNode rootNode = root >= 0 ? current.versionNode(root) : new LineageNode.VersionNode(version);
      List<LineageNode> nodes = new ArrayList<>();
      List<LineageEdge> edges = new ArrayList<>();
      nodes.add(rootNode);
      if (root < 0) {
        return new LineageView(rootNode, nodes, edges);
      }
      BitSet seenVersions = new BitSet(current.versionCount());
      BitSet seenRuns = new BitSet(current.runCount());
      seenVersions.set(root);
      int[] level = {root};
      int levelSize = 1;
      for (int step = 0; step < depth && levelSize > 0; step++) {
        int[] next = new int[16];
        int nextSize = 0;
        for (int i = 0; i < levelSize; i++) {
          int v = level[i];
          LineageNode.VersionNode vNode = current.versionNode(v);
          int[] runs = down ? current.consumersOf(v) : current.producersOf(v);
          if (runs == null) {
            continue;
          }
          for (int k = 1; k <= runs[0]; k++) {
            int r = runs[k];
            LineageNode.RunNode rNode = marked(current.runNode(r));
            edges.add(down ? new LineageEdge(vNode, rNode, LineageEdge.Type.INPUT_OF)
                : new LineageEdge(rNode, vNode, LineageEdge.Type.PRODUCED));
            if (seenRuns.get(r)) {
              continue;
            }
            seenRuns.set(r);
            nodes.add(rNode);
            int[] further = down ? current.outputsOf(r) : current.inputsOf(r);
            for (int w : further) {
              LineageNode.VersionNode wNode = current.versionNode(w);
              if (!seenVersions.get(w)) {
                seenVersions.set(w);
                nodes.add(wNode);
                if (nextSize == next.length) {
                  next = Arrays.copyOf(next, next.length * 2);
                }
                next[nextSize++] = w;
              }
              edges.add(down ? new LineageEdge(rNode, wNode, LineageEdge.Type.PRODUCED)
                  : new LineageEdge(wNode, rNode, LineageEdge.Type.INPUT_OF));
            }
          }
        }
        level = next;
        levelSize = nextSize;
      }
      return new LineageView(rootNode, nodes, edges);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Breadth first along the data flow from version a to version b; empty if b is not reached. */
  private static List<LineageNode> shortestPath(LineageIndex current, int a, int b) {
    // Parents: for a version, the run it was reached through; for a run, the version.
    int[] versionParent = new int[current.versionCount()];
    int[] runParent = new int[current.runCount()];
    Arrays.fill(versionParent, -1);
    Arrays.fill(runParent, -1);
    versionParent[a] = a;
    int[] queue = new int[Math.max(16, current.versionCount())];
    int head = 0;
    int tail = 0;
    queue[tail++] = a;
    while (head < tail) {
      int v = queue[head++];
      if (v == b) {
        break;
      }
      int[] runs = current.consumersOf(v);
      if (runs == null) {
        continue;
      }
      for (int k = 1; k <= runs[0]; k++) {
        int r = runs[k];
        if (runParent[r] >= 0) {
          continue;
        }
        runParent[r] = v;
        for (int w : current.outputsOf(r)) {
          if (versionParent[w] < 0) {
            versionParent[w] = r;
            queue[tail++] = w;
          }
        }
      }
    }
    if (versionParent[b] < 0) {
      return List.of();
    }
    List<LineageNode> reversed = new ArrayList<>();
    int v = b;
    while (v != a) {
      reversed.add(current.versionNode(v));
      int r = versionParent[v];
      reversed.add(current.runNode(r));
      v = runParent[r];
    }
    reversed.add(current.versionNode(a));
    Collections.reverse(reversed);
    return List.copyOf(reversed);
  }

  /** A run node as a view shows it: marked deleted when the run was deleted. */
  private LineageNode.RunNode marked(LineageNode.RunNode node) {
    return runs.deletion(node.id()).isPresent() ? new LineageNode.RunNode(node.id(), node.job(), RunStatus.DELETED) : node;
  }

  private void requireExists(LineageIndex current, VersionId version) {
    if (current.version(version.toString()) < 0 && artifacts.findVersion(version).isEmpty()) {
      throw new ArtifactNotFoundException(version.toString(), "Cannot find the lineage of " + version
          + ": there is no such version; check the name and number, or list versions with artifacts().versions()");
    }
  }

  /** Returns the index with every segment that exists now folded in. */
  private LineageIndex fresh() {
    LineageIndex current = index;
    if (current != null && !edgeLog.exists(current.loadedSegment + 1)) {
      return current;
    }
    lock.writeLock().lock();
    try {
      if (index == null) {
        index = loadCheckpoint();
      }
      long before = index.loadedSegment;
      long n = before + 1;
      while (true) {
        var segment = edgeLog.read(n);
        if (segment.isEmpty()) {
          break;
        }
        segment.get().runs().forEach(index::add);
        index.loadedSegment = n;
        n++;
      }
      if (index.loadedSegment > before) {
        LOG.debug("Folded lineage segments {} to {} into the index ({} runs, {} edges)", before + 1,
            index.loadedSegment, index.runCount(), index.edgeCount());
      }
      maybeCheckpoint(index);
      return index;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private LineageIndex loadCheckpoint() {
    checkpointNumber = checkpoints.headNumber();
    if (checkpointNumber == 0) {
      return new LineageIndex();
    }
    BlobKey key = checkpoints.keyOf(checkpointNumber);
    try {
      CheckpointPointer pointer = Json.read(checkpoints.read(checkpointNumber)
          .orElseThrow(() -> new IOException("it vanished")).bytes(), CheckpointPointer.class);
      if (pointer == null || pointer.index() == null) {
        throw new IOException("it names no index");
      }
      LineageIndex loaded = LineageIndex.decode(objects.readAllBytes(pointer.index()));
      if (loaded.loadedSegment != pointer.segment()) {
        throw new IOException("the index covers segment " + loaded.loadedSegment + ", the pointer says " + pointer.segment());
      }
      checkpointSegment = pointer.segment();
      checkpointRuns = loaded.runCount();
      return loaded;
    } catch (IOException | PedigreeException | IllegalArgumentException e) {
      LOG.warn("Ignoring lineage checkpoint '{}' ({}); rebuilding the lineage index from the edge log", key, e.toString(), e);
      checkpointSegment = 0;
      checkpointRuns = 0;
      return new LineageIndex();
    }
  }

  private void maybeCheckpoint(LineageIndex current) {
    long newRuns = current.runCount() - checkpointRuns;
    if (current.loadedSegment == checkpointSegment || newRuns < Math.max(minCheckpointGap, checkpointRuns / 2)) {
      return;
    }
    try {
      Digest digest = objects.put(current.encode());
      CheckpointPointer pointer = new CheckpointPointer(CheckpointPointer.FORMAT, current.loadedSegment, digest);
      long number = checkpoints.headNumber() + 1;
      boolean created = checkpoints.create(number, Json.write(pointer));
      // Had another process just stored one, it covers about as much: either way, wait for more runs.
      checkpointNumber = number;
      checkpointSegment = current.loadedSegment;
      checkpointRuns = current.runCount();
      if (created) {
        LOG.debug("Stored lineage checkpoint {} up to segment {}", number, current.loadedSegment);
      }
    } catch (PedigreeException e) {
      LOG.warn("Cannot store a lineage checkpoint ({}); queries still work, a later one will try again", e.toString(), e);
    }
  }

  static BlobKey checkpointKey(long number) {
    return BlobKey.of(CHECKPOINTS + NumberedLog.nameOf(number, NumberedLog.Order.OLDEST_FIRST));
  }
}
