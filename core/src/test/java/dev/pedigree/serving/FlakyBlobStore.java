package dev.pedigree.serving;

import dev.pedigree.exceptions.StorageException;
import dev.pedigree.storage.BlobStore;
import dev.pedigree.storage.SupportsStagedWrites;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real backend, counts the calls made to it by operation, and while switched off fails
 * every call as an unreachable store would (with a {@link StorageException}).
 */
final class FlakyBlobStore {
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final BlobStore proxy;
  private volatile boolean down;

  FlakyBlobStore(BlobStore delegate) {
    List<Class<?>> interfaces = new ArrayList<>(List.of(BlobStore.class));
    if (delegate instanceof SupportsStagedWrites) {
      interfaces.add(SupportsStagedWrites.class);
    }
    proxy = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
        (self, method, args) -> {
          if (method.getDeclaringClass() != Object.class) {
            calls.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
            if (down && !method.getName().equals("location") && !method.getName().equals("close")) {
              throw new StorageException("Cannot reach the store: connection refused (simulated outage)");
            }
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  BlobStore store() {
    return proxy;
  }

  void down(boolean value) {
    down = value;
  }

  long calls(String operation) {
    AtomicLong n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  long totalCalls() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }
}
