package actors.pipeline;

import static actors.support.Require.require;

import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpHeader;

/**
 * What every request of a run carries besides its URL, and how it reaches the server: extra headers
 * (curl's {@code -H}), the {@code User-Agent}, credentials for hosts that ask ({@link
 * Credentials}), an HTTP proxy, and which certificates https trusts ({@link Tls}). Read from {@code
 * actors.pipeline} with {@link PipelineSettings}; checks itself, naming the key.
 *
 * @param headers sent with every request, in order; to a host a redirect leads to as well, except
 *     {@code Authorization} and {@code Cookie}, which go to the URL's own host only (as curl does)
 * @param userAgent the {@code User-Agent} header, unless {@code headers} has one; empty: Pekko
 *     HTTP's own ({@code pekko.http.client.user-agent-header})
 * @param proxy every request goes through this HTTP proxy, tunnelled with {@code CONNECT} (http and
 *     https alike)
 * @param cacert a PEM file of the certificates https trusts, instead of the JDK's
 * @param insecure any certificate, any host name: for a test server's self-signed certificate
 * @param credentials basic auth for a URL's own host, when the URL names no user
 */
public record RequestSettings(
    List<HttpHeader> headers,
    Optional<String> userAgent,
    Optional<InetSocketAddress> proxy,
    Optional<Path> cacert,
    boolean insecure,
    Credentials credentials) {

  /** Set by the HTTP client from the request itself; a header of these names is refused. */
  private static final Set<String> CLIENT_OWNED =
      Set.of("host", "content-length", "transfer-encoding", "connection");

  public RequestSettings {
    headers = List.copyOf(headers);
    require(
        !(insecure && cacert.isPresent()),
        PipelineSettings.key("insecure"),
        "and " + PipelineSettings.key("cacert") + " contradict each other: give one");
    cacert.ifPresent(file -> Tls.context(file)); // a file that cannot be read fails here
  }

  /** Nothing besides the URL: Pekko's defaults, no proxy, the JDK's trust store. */
  public static RequestSettings none() {
    return new RequestSettings(
        List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false, Credentials.NONE);
  }

  /** The same, with {@code credentials} for the hosts of URLs that name no user. */
  public RequestSettings withCredentials(Credentials credentials) {
    return new RequestSettings(headers, userAgent, proxy, cacert, insecure, credentials);
  }

  /** Reads the request keys of {@code actors.pipeline} ({@code c}). */
  static RequestSettings read(Config c) {
    List<HttpHeader> headers = new ArrayList<>();
    for (String header : headerLines(c)) {
      headers.add(header(header));
    }
    String agent = string(c, "user-agent");
    String proxy = string(c, "proxy");
    String cacert = string(c, "cacert");
    return new RequestSettings(
        headers,
        agent.isEmpty() ? Optional.empty() : Optional.of(checkedValue("user-agent", agent)),
        proxy.isEmpty() ? Optional.empty() : Optional.of(proxy(proxy)),
        cacert.isEmpty() ? Optional.empty() : Optional.of(Path.of(cacert)),
        PipelineSettings.read(() -> c.getBoolean("insecure"), "insecure"),
        Credentials.NONE);
  }

  private static String string(Config c, String name) {
    return PipelineSettings.read(() -> c.getString(name), name).strip();
  }

  /** A list of headers, or one string of them, a line each (a request's JSON, a -D option). */
  private static List<String> headerLines(Config c) {
    return PipelineSettings.read(
        () ->
            c.getValue("headers").valueType() == ConfigValueType.LIST
                ? c.getStringList("headers")
                : c.getString("headers").lines().filter(line -> !line.isBlank()).toList(),
        "headers");
  }

  /** {@code Name: value}, as curl's {@code -H} takes it. */
  static HttpHeader header(String line) {
    String key = PipelineSettings.key("headers");
    int colon = line.indexOf(':');
    require(colon > 0, key, "entry '" + line + "' is not 'Name: value'");
    String name = line.substring(0, colon).strip();
    String value = line.substring(colon + 1).strip();
    require(
        !CLIENT_OWNED.contains(name.toLowerCase(Locale.ROOT)),
        key,
        "entry '" + name + "' is set by the client from the URL and the body");
    checkedValue("headers", value);
    try {
      return HttpHeader.parse(name, value);
    } catch (RuntimeException e) { // IllegalHeaderException: a name that is not a token
      throw new InvalidSettingException(key, "entry '" + line + "': " + e.getMessage());
    }
  }

  private static String checkedValue(String name, String value) {
    require(
        value.chars().noneMatch(ch -> ch == '\r' || ch == '\n' || ch == 0),
        PipelineSettings.key(name),
        "must not hold line breaks");
    return value;
  }

  /** {@code http://host:port} (or {@code host:port}): where the proxy listens. */
  static InetSocketAddress proxy(String text) {
    String key = PipelineSettings.key("proxy");
    URI uri;
    try {
      uri = URI.create(text.contains("://") ? text : "http://" + text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, "'" + text + "' is not http://host:port");
    }
    require(
        "http".equalsIgnoreCase(uri.getScheme()),
        key,
        "'" + text + "': only an http:// proxy is supported (https targets go through CONNECT)");
    require(uri.getHost() != null, key, "'" + text + "' names no host");
    require(uri.getUserInfo() == null, key, "'" + text + "': proxy credentials are not supported");
    require(
        uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"),
        key,
        "'" + text + "' has a path; give http://host:port");
    return InetSocketAddress.createUnresolved(
        uri.getHost(), uri.getPort() < 0 ? 1080 : uri.getPort());
  }
}
