package dev.pedigree.objects;

import dev.pedigree.storage.BlobKey;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.CreateResult;
import dev.pedigree.storage.StagedBlob;
import dev.pedigree.storage.SupportsStagedWrites;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a backend and counts, per key, every write that replaced or created content: calls of
 * {@code write}, and {@code createIfAbsent} or staged {@code publishIfAbsent} calls that
 * returned {@code CREATED}. It keeps the optional abilities of the backend it wraps, so
 * {@link ObjectStore} takes the same path through it as through the backend itself.
 */
final class CountingBlobStore {
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  private final BlobStore proxy;

  CountingBlobStore(BlobStore delegate) {
    List<Class<?>> interfaces = new ArrayList<>(List.of(BlobStore.class));
    if (delegate instanceof SupportsStagedWrites) {
      interfaces.add(SupportsStagedWrites.class);
    }
    InvocationHandler handler = (self, method, args) -> {
      Object result = call(method, delegate, args);
      switch (method.getName()) {
        case "write" -> count((BlobKey) args[0]);
        case "createIfAbsent" -> {
          if (result == CreateResult.CREATED) {
            count((BlobKey) args[0]);
          }
        }
        case "stage" -> result = countingStage((StagedBlob) result);
        default -> { }
      }
      return result;
    };
    proxy = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), interfaces.toArray(Class<?>[]::new), handler);
  }

  /** Returns the counting backend to hand to the code under test. */
  BlobStore store() {
    return proxy;
  }

  /** Returns how many times a key's content was written. */
  int writesOf(BlobKey key) {
    AtomicInteger n = writes.get(key.value());
    return n == null ? 0 : n.get();
  }

  /** Returns the total number of content writes under a key prefix. */
  int writesUnder(String prefix) {
    return writes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
  }

  private void count(BlobKey key) {
    writes.computeIfAbsent(key.value(), k -> new AtomicInteger()).incrementAndGet();
  }

  private StagedBlob countingStage(StagedBlob staged) {
    return (StagedBlob) Proxy.newProxyInstance(StagedBlob.class.getClassLoader(), new Class<?>[] {StagedBlob.class},
        (self, method, args) -> {
          Object result = call(method, staged, args);
          if (method.getName().equals("publishIfAbsent") && result == CreateResult.CREATED) {
            count((BlobKey) args[0]);
          }
          return result;
        });
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
