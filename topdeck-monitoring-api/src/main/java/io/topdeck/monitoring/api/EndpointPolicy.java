package io.topdeck.monitoring.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides which endpoint URLs a collector may send credentials to: {@code https} always, plain
 * {@code http} only to a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) unless
 * insecure HTTP is explicitly allowed. URLs with embedded credentials ({@code user:pass@}) are
 * refused in every case: credentials belong in secrets.
 *
 * @param allowInsecureHttp whether plain {@code http} to a non-loopback host is allowed
 */
public record EndpointPolicy(boolean allowInsecureHttp) {

  /** Returns the default policy: plain HTTP to loopback hosts only. */
  public static EndpointPolicy secure() {
    return new EndpointPolicy(false);
  }

  /**
   * Returns {@code url} as a URI if this policy allows it.
   *
   * @param property the config property the URL came from, used in messages
   * @throws ConfigurationException if the URL is malformed or not allowed; the message never holds
   *     the URL's user information
   */
  public URI check(String property, String url) {
    Objects.requireNonNull(property, "property");
    if (url == null || url.isBlank()) {
      throw new ConfigurationException(property + " must be set");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigurationException(property + " is not a valid URL: " + e.getReason());
    }
    // An authority the URI class cannot split (a host with '_', a port that is not a number) has no
    // user info of its own but may still hold credentials before its last '@'.
    if (uri.getRawUserInfo() != null
        || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      throw new ConfigurationException(
          property + " must not hold credentials (user:password@); configure them as secrets");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ConfigurationException(
          property + " must be an http(s) URL with a host, but was " + redacted(url));
    }
    if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
      throw new ConfigurationException(
          property
              + " uses plain http to non-loopback host "
              + uri.getHost()
              + "; use https, or allow insecure HTTP explicitly");
    }
    return uri;
  }

  /**
   * Returns {@code url} with everything between {@code ://} (or the start) and the last {@code @}
   * of its authority replaced by {@link Masker#MASK}, so that a message never echoes credentials
   * the URI class failed to recognise.
   */
  static String redacted(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? url : url.substring(0, start) + Masker.MASK + url.substring(at);
  }

  private static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses are judged, so that no name lookup happens at config time.
    if (!bare.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
