package dev.pedigree.storage.s3;

import dev.pedigree.exceptions.BackendConfigurationException;
import dev.pedigree.exceptions.InvalidNameException;
import dev.pedigree.storage.BlobKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/prefix?option=value&...} URI, parsed and checked. Messages show the URI
 * only as {@code s3://bucket/prefix}, so that nothing a user put in it by mistake is repeated.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, without leading or trailing {@code /}
 * @param region the region option, or {@code null}
 * @param endpoint the endpoint option, or {@code null}
 * @param pathStyle whether to address the bucket in the path rather than the host name
 * @param profile the profile option, or {@code null}
 * @param checksumsWhenRequired whether to send checksums only where S3 requires them
 * @param partSize the partSize option, or {@code null}
 * @param multipartThreshold the multipartThreshold option, or {@code null}
 * @param parallelism the parallelism option, or {@code null}
 * @param chunkedEncoding whether uploads may use the SDK's {@code aws-chunked} encoding
 * @param singleWriter whether the write probe is skipped because one process alone writes
 */
record S3Location(String bucket, String prefix, String region, URI endpoint, boolean pathStyle, String profile,
    boolean checksumsWhenRequired, Long partSize, Long multipartThreshold, Integer parallelism,
    boolean chunkedEncoding, boolean singleWriter) {

  static final Set<String> OPTIONS = Set.of("region", "endpoint", "pathStyle", "profile", "checksums", "partSize",
      "multipartThreshold", "parallelism", "chunkedEncoding", "singleWriter");
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)",
      Pattern.CASE_INSENSITIVE);

  static S3Location parse(URI uri) {
    if (!"s3".equalsIgnoreCase(uri.getScheme())) {
      throw new BackendConfigurationException("Cannot open '" + uri.getScheme() + ":' as an S3 store: "
          + "the scheme is not s3; use s3://bucket/prefix");
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      throw new BackendConfigurationException("Cannot open an S3 store: the URI has no bucket; "
          + "write it as s3://bucket/prefix");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      throw new BackendConfigurationException("Cannot open an S3 store: the URI has user information before the "
          + "bucket name; never put credentials in a URI: use the SDK's default chain (AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role) or the 'profile' option");
    }
    String bucket = uri.getRawAuthority();
    if (bucket.contains(":")) {
      throw new BackendConfigurationException("Cannot open an S3 store: the URI names a host and port, not a bucket; "
          + "use s3://bucket/prefix, and the 'endpoint' option for a server's address");
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw new BackendConfigurationException("Cannot open an S3 store in bucket '" + bucket + "': it is not a "
          + "valid bucket name; use s3://bucket/prefix with a name of letters, digits, '.', '-' or '_'");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = trimSlashes(path);
    String shown = "s3://" + bucket + "/" + prefix;
    if (!prefix.isEmpty()) {
      try {
        BlobKey.of(prefix);
      } catch (InvalidNameException e) {
        throw new BackendConfigurationException("Cannot open " + shown + ": the prefix is not valid: "
            + e.getMessage(), e);
      }
    }
    if (uri.getRawFragment() != null) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the URI has a fragment ('#...'); "
          + "remove it");
    }
    Map<String, String> options = options(uri.getRawQuery(), shown);
    String region = options.get("region");
    if (region != null && !REGION.matcher(region).matches()) {
      throw new BackendConfigurationException("Cannot open " + shown + ": region '" + region + "' is not a region "
          + "name; use a name such as us-east-1");
    }
    URI endpoint = endpoint(options.get("endpoint"), shown);
    boolean pathStyle = bool(options.get("pathStyle"), "pathStyle", shown);
    String profile = options.get("profile");
    if (profile != null && profile.isBlank()) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the 'profile' option is empty; "
          + "name a profile of ~/.aws/config, or leave the option out");
    }
    String checksums = options.getOrDefault("checksums", "when_supported").toLowerCase(Locale.ROOT);
    if (!checksums.equals("when_supported") && !checksums.equals("when_required")) {
      throw new BackendConfigurationException("Cannot open " + shown + ": checksums must be 'when_supported' "
          + "or 'when_required', was '" + checksums + "'");
    }
    Integer parallelism = null;
    if (options.containsKey("parallelism")) {
      try {
        parallelism = Integer.parseInt(options.get("parallelism"));
      } catch (NumberFormatException e) {
        throw new BackendConfigurationException("Cannot open " + shown + ": parallelism must be a whole number, was '"
            + options.get("parallelism") + "'", e);
      }
      if (parallelism < 1 || parallelism > S3BlobStore.MAX_PARALLELISM) {
        throw new BackendConfigurationException("Cannot open " + shown + ": parallelism must be between 1 and "
            + S3BlobStore.MAX_PARALLELISM + ", was " + parallelism + "; pick a number in range");
      }
    }
    boolean chunked = !options.containsKey("chunkedEncoding") || bool(options.get("chunkedEncoding"),
        "chunkedEncoding", shown);
    return new S3Location(bucket, prefix, region, endpoint, pathStyle, profile, checksums.equals("when_required"),
        size(options.get("partSize"), "partSize", shown), size(options.get("multipartThreshold"),
        "multipartThreshold", shown), parallelism, chunked, bool(options.get("singleWriter"), "singleWriter", shown));
  }

  private static Map<String, String> options(String rawQuery, String shown) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return options;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      String known = OPTIONS.stream().filter(o -> o.equalsIgnoreCase(name)).findFirst().orElse(null);
      if (known == null) {
        throw new BackendConfigurationException("Cannot open " + shown + ": unknown option '" + name + "'; the "
            + "options are " + String.join(", ", OPTIONS.stream().sorted().toList())
            + " (credentials never go in the URI)");
      }
      if (options.put(known, value) != null) {
        throw new BackendConfigurationException("Cannot open " + shown + ": option '" + known
            + "' is given twice; give it once");
      }
    }
    return options;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static URI endpoint(String value, String shown) {
    if (value == null) {
      return null;
    }
    URI endpoint;
    try {
      endpoint = new URI(value);
    } catch (URISyntaxException e) {
      throw new BackendConfigurationException("Cannot open " + shown + ": endpoint '" + value + "' is not a URI; "
          + "use a base address such as http://127.0.0.1:9000", e);
    }
    String scheme = endpoint.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || endpoint.getHost() == null || endpoint.getRawUserInfo() != null) {
      throw new BackendConfigurationException("Cannot open " + shown + ": endpoint must be an http:// or https:// "
          + "address with a host and no user information, such as http://127.0.0.1:9000");
    }
    if (endpoint.getPort() > 65535 || (endpoint.getPort() < 0 && endpoint.getRawAuthority() != null
        && endpoint.getRawAuthority().matches(".*:[^\\]]*$"))) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the endpoint's port is not a port "
          + "number from 1 to 65535; write it as http://host:9000");
    }
    if (endpoint.getPort() == 0) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the endpoint's port is 0; write the "
          + "server's port, as in http://host:9000");
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw new BackendConfigurationException("Cannot open " + shown + ": the endpoint has a query or fragment; "
          + "give the server's base address only, such as http://127.0.0.1:9000");
    }
    return endpoint;
  }

  private static boolean bool(String value, String name, String shown) {
    if (value == null) {
      return false;
    }
    if (value.isEmpty() || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new BackendConfigurationException("Cannot open " + shown + ": " + name + " must be true or false, was '"
        + value + "'");
  }

  private static Long size(String value, String name, String shown) {
    if (value == null) {
      return null;
    }
    Matcher matcher = SIZE.matcher(value.trim());
    if (!matcher.matches()) {
      throw new BackendConfigurationException("Cannot open " + shown + ": " + name + " must be a size such as "
          + "8388608, 8MiB or 1GiB, was '" + value + "'");
    }
    String unit = matcher.group(2).toLowerCase(Locale.ROOT);
    int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
    try {
      long number = Long.parseLong(matcher.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException("too large");
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new BackendConfigurationException("Cannot open " + shown + ": " + name + " is too large: '" + value + "'",
          e);
    }
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
