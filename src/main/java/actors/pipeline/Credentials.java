package actors.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Basic-auth credentials for the hosts of a run's URLs, from {@code --user user:password} (every
 * URL's own host) or a {@code .netrc} file (per host, with its {@code default}). A URL that names
 * its own user ({@code http://user:pass@host/}) keeps it; {@code --user} wins over the netrc file,
 * as in curl. Sent to a URL's own host only, never to a host a redirect leads to.
 *
 * <p>Never shown: {@link #toString} names the users, not the passwords, and nothing else of this
 * class reaches a log, the manifest, the progress line or {@code --json}.
 */
public final class Credentials {

  /** No credentials. */
  public static final Credentials NONE = new Credentials(Optional.empty(), Map.of(), "none");

  /** A user name and a password. */
  private record Login(String user, String password) {
    String authorization() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return user + ":***";
    }
  }

  /** A credentials source that cannot be used, with the reason (the file and line, say). */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final Optional<Login> fallback;
  private final Map<String, Login> byHost;
  private final String shown;

  private Credentials(Optional<Login> fallback, Map<String, Login> byHost, String shown) {
    this.fallback = fallback;
    this.byHost = Map.copyOf(byHost);
    this.shown = shown;
  }

  /** {@code user:password} for every URL's own host (the password may be empty, not absent). */
  public static Credentials user(String userAndPassword) throws Invalid {
    int colon = userAndPassword.indexOf(':');
    if (colon <= 0) {
      throw new Invalid("give user:password (the user, a colon, then the password)");
    }
    return user(userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
  }

  /** {@code user} and {@code password} for every URL's own host. */
  public static Credentials user(String user, String password) {
    Login login = new Login(user, password);
    return new Credentials(Optional.of(login), Map.of(), "user " + login);
  }

  /**
   * The {@code machine}, {@code login}, {@code password} and {@code default} entries of a netrc
   * file ({@code macdef} and {@code account} are read and ignored).
   */
  public static Credentials netrc(Path file) throws Invalid {
    List<String> tokens;
    try {
      tokens = tokens(withoutMacros(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new Invalid("cannot read " + file + ": " + OutputException.reason(e));
    }
    Map<String, Login> byHost = new HashMap<>();
    Optional<Login> fallback = Optional.empty();
    for (int i = 0; i < tokens.size(); ) {
      String token = tokens.get(i++);
      String host;
      if (token.equals("machine")) {
        if (i >= tokens.size()) {
          throw new Invalid(file + ": 'machine' without a host name");
        }
        host = tokens.get(i++).toLowerCase(Locale.ROOT);
      } else if (token.equals("default")) {
        host = null;
      } else {
        // The word is not shown: a password with a space in it, unquoted, would be shown so.
        throw new Invalid(
            file
                + ": word "
                + i
                + " is not machine or default (a password with spaces, unquoted?)");
      }
      String user = null;
      String password = null;
      while (i < tokens.size() && !ENTRY_STARTS.contains(tokens.get(i))) {
        String key = tokens.get(i++);
        if (i >= tokens.size()) {
          throw new Invalid(
              file + ": word " + i + " has no value after it (a password with spaces, unquoted?)");
        }
        String value = tokens.get(i++);
        switch (key) {
          case "login" -> user = value;
          case "password" -> password = value;
          case "account" -> {}
          default ->
              throw new Invalid(
                  file
                      + ": word "
                      + (i - 1)
                      + " is not login, password or account (a password with spaces, unquoted?)");
        }
      }
      if (user != null && password != null) {
        Login login = new Login(user, password);
        if (host == null) {
          fallback = Optional.of(login);
        } else {
          byHost.putIfAbsent(host, login); // the first entry for a host wins, as in curl
        }
      }
    }
    return new Credentials(fallback, byHost, "netrc " + file + " (" + byHost.size() + " hosts)");
  }

  /** The words that start a netrc entry. */
  private static final Set<String> ENTRY_STARTS = Set.of("machine", "default");

  /** The file without its {@code macdef} blocks: from the word to the next empty line, as curl. */
  private static String withoutMacros(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    boolean inMacro = false;
    for (String line : text.split("\n", -1)) {
      if (inMacro) {
        inMacro = !line.isBlank();
        continue;
      }
      String trimmed = line.strip();
      if (trimmed.equals("macdef")
          || trimmed.startsWith("macdef ")
          || trimmed.startsWith("macdef\t")) {
        inMacro = true;
        continue;
      }
      kept.append(line).append('\n');
    }
    return kept.toString();
  }

  /** Words separated by white space; a word in double quotes may hold spaces and \" escapes. */
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        StringBuilder word = new StringBuilder();
        for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            i++;
          }
          word.append(text.charAt(i));
        }
        i++;
        tokens.add(word.toString());
      } else {
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        tokens.add(text.substring(start, i));
      }
    }
    return tokens;
  }

  /** These credentials, or where a user is missing, {@code others}'. */
  public Credentials or(Credentials others) {
    Map<String, Login> hosts = new HashMap<>(others.byHost);
    hosts.putAll(byHost);
    if (fallback.isPresent()) { // --user: every host, whatever the netrc file says
      return this;
    }
    return new Credentials(others.fallback, hosts, shown + ", " + others.shown);
  }

  /** The {@code Authorization} header value for {@code host}, if there are credentials for it. */
  Optional<String> authorization(String host) {
    Login login = byHost.get(host.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(login).or(() -> fallback).map(Login::authorization);
  }

  @Override
  public String toString() {
    return "Credentials[" + shown + "]";
  }
}
