package dev.pedigree.bench.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * Runs S3Proxy on a loopback port with its filesystem store, as the benchmark's server, in a JVM
 * of its own so that neither client shares a process with it. Prints {@code ENDPOINT <uri>} once
 * it serves and stops when its standard input closes.
 *
 * <p>Arguments: the store's directory, the access key, the secret key.
 */
public final class S3ProxyMain {
  private S3ProxyMain() {
  }

  /**
   * Starts the server.
   *
   * @param args directory, access key, secret key
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: S3ProxyMain <directory> <access key> <secret key>");
    }
    Path directory = Files.createDirectories(Path.of(args[0]));
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    properties.setProperty("jclouds.identity", args[1]);
    properties.setProperty("jclouds.credential", args[2]);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(org.gaul.s3proxy.BlobStores.create("filesystem", properties))
        .awsAuthentication(AuthenticationType.AWS_V4, args[1], args[2])
        .endpoint(URI.create("http://127.0.0.1:0"))
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    System.out.println("ENDPOINT http://127.0.0.1:" + proxy.getPort());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // Runs until the parent closes our standard input.
      }
    } catch (IOException e) {
      // The parent is gone: stop.
    }
    proxy.stop();
  }
}
