package dev.pedigree.storage.gcs;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.exceptions.InvalidRequestException;
import dev.pedigree.storage.BlobKey;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code gs://bucket/prefix?option=value} location.
 *
 * @param bucket the bucket name
 * @param prefix the object-name prefix every key is stored under: empty, or ending in {@code /}
 * @param endpoint the service root URL to use instead of Google's (an emulator), or {@code null}
 * @param project the project id to give the client, or {@code null} to let it find one
 * @param anonymous {@code true} to send no credentials ({@code credentials=none})
 * @param singleWriter {@code true} to skip the write probe ({@code singleWriter=true})
 */
record GcsLocation(String bucket, String prefix, String endpoint, String project, boolean anonymous,
    boolean singleWriter) {
  /** The option naming the service root URL. */
  static final String ENDPOINT = "endpoint";
  /** The option naming the project id. */
  static final String PROJECT = "project";
  /** The option choosing the credentials: {@code default} or {@code none}. */
  static final String CREDENTIALS = "credentials";
  /** The option that skips the write probe, for a single writer: {@code true} or {@code false}. */
  static final String SINGLE_WRITER = "singlewriter";

  private static final Set<String> OPTIONS = Set.of(ENDPOINT, PROJECT, CREDENTIALS, SINGLE_WRITER);
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9.:-]{0,98}[a-z0-9]|[a-z]");
  /** Object names are at most 1024 bytes; a key is at most 512, so the prefix gets the rest. */
  static final int MAX_PREFIX_LENGTH = 1024 - BlobKey.MAX_LENGTH;

  /** Validates the fields. */
  GcsLocation {
    requireBucket(bucket, bucket);
    InvalidRequestException.requireNonNull(prefix, "prefix");
  }

  /**
   * Parses a location URI.
   *
   * @param uri such as {@code gs://my-bucket/team/repo?endpoint=http://127.0.0.1:4443&project=p}
   * @return the location
   * @throws BackendConfigurationException if the URI is not a usable {@code gs} location
   */
  static GcsLocation parse(URI uri) {
    InvalidRequestException.requireNonNull(uri, "uri");
    String shown = shown(uri);
    if (!"gs".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(shown, "its scheme is not 'gs'", "write it as gs://bucket/prefix");
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw invalid(shown, "it names no bucket", "write it as gs://bucket/prefix");
    }
    if (uri.getRawUserInfo() != null || uri.getPort() != -1 || uri.getRawAuthority().contains("@")
        || uri.getRawAuthority().contains(":")) {
      throw invalid(shown, "its bucket part holds a user or a port",
          "give only the bucket name after gs://, and an emulator's address as ?endpoint=");
    }
    if (uri.getRawFragment() != null) {
      throw invalid(shown, "it has a fragment ('#" + uri.getRawFragment() + "')", "remove it");
    }
    String bucket = requireBucket(uri.getRawAuthority(), shown);
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = normalizePrefix(path.startsWith("/") ? path.substring(1) : path, shown);

    Map<String, String> options = options(uri.getRawQuery(), shown);
    String endpoint = options.get(ENDPOINT);
    if (endpoint != null) {
      endpoint = requireEndpoint(endpoint, shown);
    }
    String project = options.get(PROJECT);
    if (project != null && !PROJECT_ID.matcher(project).matches()) {
      throw invalid(shown, "project '" + project + "' is not a valid project id",
          "use the lower-case id shown by 'gcloud projects list'");
    }
    String credentials = options.getOrDefault(CREDENTIALS, "default");
    if (!credentials.equals("default") && !credentials.equals("none")) {
      throw invalid(shown, "credentials '" + credentials + "' is not 'default' or 'none'",
          "use credentials=default (application-default credentials) or credentials=none (an emulator)");
    }
    String singleWriter = options.getOrDefault(SINGLE_WRITER, "false").toLowerCase(Locale.ROOT);
    if (!singleWriter.equals("true") && !singleWriter.equals("false")) {
      throw invalid(shown, "singleWriter '" + singleWriter + "' is not 'true' or 'false'",
          "use singleWriter=true only if exactly one process ever writes to the store");
    }
    return new GcsLocation(bucket, prefix, endpoint, project, credentials.equals("none"), singleWriter.equals("true"));
  }

  /**
   * Checks a bucket name against the service's rules (lower-case letters, digits, {@code -},
   * {@code _} and {@code .}; 3 to 222 characters; a letter or digit at each end).
   *
   * @param bucket the name
   * @param location the location being opened, for the message
   * @return the same name
   */
  static String requireBucket(String bucket, String location) {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalid(String.valueOf(location), "'" + bucket + "' is not a valid bucket name",
          "use 3 to 222 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    return bucket;
  }

  /**
   * Turns a prefix into the form keys are appended to: empty, or valid key text ending in
   * {@code /}.
   *
   * @param prefix such as {@code ""}, {@code "team/repo"} or {@code "team/repo/"}
   * @param location the location being opened, for the message
   * @return the normalized prefix
   */
  static String normalizePrefix(String prefix, String location) {
    if (prefix == null) {
      throw invalid(String.valueOf(location), "the prefix is null", "pass \"\" for the bucket's root");
    }
    String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (body.isEmpty()) {
      return "";
    }
    if (body.length() + 1 > MAX_PREFIX_LENGTH) {
      throw invalid(location, "the prefix is " + body.length() + " characters long, more than "
          + (MAX_PREFIX_LENGTH - 1), "use a shorter prefix (object names are limited to 1024 bytes)");
    }
    try {
      BlobKey.of(body);
    } catch (InvalidNameException e) {
      throw new BackendConfigurationException("Cannot open store '" + location + "': prefix '" + body
          + "' is not valid key text (" + e.getMessage() + "); use '/'-separated segments of printable ASCII", e);
    }
    return body + "/";
  }

  /**
   * Returns this location as a URI that {@link #parse} reads back to an equal location.
   *
   * @return the URI
   */
  URI toUri() {
    StringBuilder text = new StringBuilder("gs://").append(bucket).append('/').append(prefix);
    String separator = "?";
    if (endpoint != null) {
      text.append(separator).append(ENDPOINT).append('=').append(endpoint);
      separator = "&";
    }
    if (project != null) {
      text.append(separator).append(PROJECT).append('=').append(project);
      separator = "&";
    }
    if (anonymous) {
      text.append(separator).append(CREDENTIALS).append("=none");
      separator = "&";
    }
    if (singleWriter) {
      text.append(separator).append("singleWriter=true");
    }
    return URI.create(text.toString());
  }

  /** The URI for messages: without user information or query, which could hold something private. */
  private static String shown(URI uri) {
    if (uri.isOpaque()) {
      return uri.getScheme() + ":...";
    }
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    return uri.getScheme() + "://" + authority.substring(at + 1) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static Map<String, String> options(String rawQuery, String shown) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return options;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw invalid(shown, "option '" + pair + "' has no value", "write options as name=value, such as ?project=my-project");
      }
      String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      if (!OPTIONS.contains(name)) {
        throw invalid(shown, "option '" + name + "' is unknown", "use only " + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
      if (options.putIfAbsent(name, value) != null) {
        throw invalid(shown, "option '" + name + "' is given twice", "give it once");
      }
      if (value.isEmpty()) {
        throw invalid(shown, "option '" + name + "' is empty", "give it a value or leave it out");
      }
    }
    return options;
  }

  private static String requireEndpoint(String endpoint, String shown) {
    // Messages show the endpoint without any user information it may carry.
    String safe = endpoint.replaceFirst("//[^/@]*@", "//");
    URI parsed;
    try {
      parsed = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw invalid(shown, "endpoint '" + safe + "' is not a URL", "use a URL such as http://127.0.0.1:4443");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
      throw invalid(shown, "endpoint '" + safe + "' is not an http or https URL with a host",
          "use a URL such as http://127.0.0.1:4443 or https://storage.googleapis.com");
    }
    if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null
        || (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() && !parsed.getRawPath().equals("/"))) {
      throw invalid(shown, "endpoint '" + parsed.getScheme() + "://" + parsed.getHost()
          + "...' has a user, path, query or fragment", "give only scheme, host and port, such as http://127.0.0.1:4443");
    }
    String authority = parsed.getRawAuthority();
    if (parsed.getPort() > 65535 || parsed.getPort() == 0 || (parsed.getPort() < 0 && authority.matches(".*:[^\\]]*$"))) {
      throw invalid(shown, "endpoint '" + scheme + "://" + parsed.getHost() + "...' has no valid port",
          "give a port from 1 to 65535, such as http://127.0.0.1:4443");
    }
    return scheme + "://" + authority;
  }

  private static BackendConfigurationException invalid(String location, String why, String todo) {
    return new BackendConfigurationException("Cannot open store '" + location + "': " + why + "; " + todo);
  }
}
