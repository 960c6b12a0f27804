package dev.pedigree.lineage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeMap;

/** Captures where a run runs: Java version, operating system, host and user. */
final class Environment {
  private Environment() {
  }

  static Map<String, String> capture() {
    Map<String, String> env = new TreeMap<>();
    env.put("java.version", System.getProperty("java.version", "unknown"));
    env.put("java.vendor", System.getProperty("java.vendor", "unknown"));
    env.put("os", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", ""));
    env.put("user", System.getProperty("user.name", "unknown"));
    env.put("host", hostName());
    env.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    return env;
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
