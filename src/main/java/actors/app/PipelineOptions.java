package actors.app;

import actors.pipeline.PipelineSettings;
import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code actors download} that stand for keys of {@code actors.pipeline}: one row
 * each, named as the key ({@code --max-bytes} is {@code max-bytes}). Their defaults and help values
 * come from {@code application.conf} ({@link Defaults}); the ones a user gives are layered over the
 * config ({@link #settings}), and {@link PipelineSettings} checks the result, naming the option. A
 * key added to {@code actors.pipeline} gets its option by adding a row here.
 *
 * <p>The options have no fields: picocli checks each value's syntax with the row's converter, and
 * the config reads the string the user typed.
 */
final class PipelineOptions {

  private PipelineOptions() {}

  /** Defaults from {@code actors.pipeline}. */
  static final class Defaults extends ConfigDefaults {
    Defaults() {
      super(ConfigFactory.load(), PipelineSettings.PATH);
    }
  }

  /** What an option's value is, and what checks its syntax before the config reads it. */
  private enum Kind {
    COUNT(Integer.class, "N", null), // picocli's own: "'many' is not an int"
    FRACTION(Double.class, "F", null),
    DURATION(Duration.class, "DUR", new Units.DurationConverter()),
    SIZE(Long.class, "SIZE", new Units.SizeConverter()),
    TEXT(String.class, "TEXT", null),
    /** A switch: given, the key is {@code true}. */
    FLAG(boolean.class, null, null),
    /** A switch named {@code --no-KEY}: given, the key is {@code false}. */
    NEGATED(boolean.class, null, null),
    /** Repeatable: every value given, in order, is the key's list. */
    LIST(String.class, "TEXT", null);

    final Class<?> type;
    final String label;
    final ITypeConverter<?> converter;

    Kind(Class<?> type, String label, ITypeConverter<?> converter) {
      this.type = type;
      this.label = label;
      this.converter = converter;
    }
  }

  /**
   * One option: its config key, its names (the long one is {@code --KEY} unless {@code longName}
   * says otherwise), what it takes and its help; {@code label} overrides the kind's.
   */
  private record Row(
      String key, String shortName, String longName, Kind kind, String label, String description) {
    Row(String key, String shortName, Kind kind, String description) {
      this(key, shortName, "--" + key, kind, kind.label, description);
    }

    /** Whether the help shows the config's default: not for a switch, a text or a list. */
    boolean showsDefault() {
      return kind == Kind.COUNT
          || kind == Kind.FRACTION
          || kind == Kind.DURATION
          || kind == Kind.SIZE;
    }
  }

  private static final List<Row> ROWS =
      List.of(
          new Row("parallelism", "-p", Kind.COUNT, "Requests in flight at most"),
          new Row("timeout", null, Kind.DURATION, "Per attempt, whole response"),
          new Row("connect-timeout", null, Kind.DURATION, "Establishing a connection"),
          new Row("idle-timeout", null, Kind.DURATION, "No body bytes for this long fails"),
          new Row("retries", null, Kind.COUNT, "Attempts after the first, if they can pass"),
          new Row("backoff-min", null, Kind.DURATION, "First retry delay, doubling each time"),
          new Row("backoff-max", null, Kind.DURATION, "Longest retry delay; caps Retry-After"),
          new Row("backoff-random-factor", null, Kind.FRACTION, "Each delay +/- this, 0 to 1"),
          new Row("max-bytes", null, Kind.SIZE, "Largest body accepted"),
          new Row("max-redirects", null, Kind.COUNT, "Redirects followed per attempt"),
          new Row("buffer", null, Kind.COUNT, "Checked URLs waiting for a download slot"),
          new Row("max-line-length", null, Kind.SIZE, "A longer input line is invalid"),
          new Row(
              "limit-rate", null, Kind.SIZE, "Bytes per second, all downloads together; 0: none"),
          new Row(
              "names",
              null,
              "--names",
              Kind.TEXT,
              "hash|remote|tree",
              "File names: host_path-HASH (hash, the default), the URL's last segment or"
                  + " Content-Disposition (remote), host/path directories (tree)."),
          new Row(
              "revalidate",
              null,
              "--revalidate",
              Kind.FLAG,
              null,
              "Ask again for what an earlier run completed: 304 keeps it, 200 replaces it."),
          new Row(
              "continue",
              null,
              "--no-continue",
              Kind.NEGATED,
              null,
              "Never continue a body cut off part-way: every attempt from the first byte."),
          new Row(
              "partial-max-age",
              null,
              Kind.DURATION,
              "A kept partial body older than this is fetched whole"),
          new Row(
              "headers",
              "-H",
              "--header",
              Kind.LIST,
              "'NAME: VALUE'",
              "Send this header too (repeatable)."),
          new Row(
              "user-agent",
              "-A",
              "--user-agent",
              Kind.TEXT,
              "TEXT",
              "The User-Agent header (default: Pekko HTTP's)."),
          new Row(
              "proxy",
              "-x",
              "--proxy",
              Kind.TEXT,
              "http://HOST:PORT",
              "Every request through this HTTP proxy (https with CONNECT)."),
          new Row(
              "cacert",
              null,
              "--cacert",
              Kind.TEXT,
              "FILE",
              "Trust the certificates of this PEM file, not the JDK's."),
          new Row(
              "insecure",
              "-k",
              "--insecure",
              Kind.FLAG,
              null,
              "Trust any certificate and host name (a self-signed test server)."));

  /** Adds the rows' options to {@code command}, shown from {@code order} on in its help. */
  static void addTo(CommandSpec command, int order) {
    for (Row row : ROWS) {
      OptionSpec.Builder option =
          row.shortName() == null
              ? OptionSpec.builder(row.longName())
              : OptionSpec.builder(row.shortName(), row.longName());
      option
          .type(row.kind().type)
          .description(
              row.showsDefault()
                  ? row.description() + " (default: ${DEFAULT-VALUE})."
                  : row.description())
          .order(order++);
      if (row.label() != null) {
        option.paramLabel(row.label());
      }
      if (row.kind() == Kind.FLAG || row.kind() == Kind.NEGATED) {
        option.arity("0");
      }
      if (row.kind() == Kind.LIST) {
        option.type(List.class).auxiliaryTypes(String.class);
      }
      if (row.kind().converter != null) {
        option.converters(row.kind().converter);
      }
      command.addOption(option.build());
    }
  }

  /** The config's {@code actors.pipeline}, with the options {@code command} was given over it. */
  static PipelineSettings settings(CommandSpec command, Config config) {
    Map<String, Object> overrides = new HashMap<>();
    Map<String, String> optionOfKey = new HashMap<>();
    for (Row row : ROWS) {
      OptionSpec option = command.findOption(row.longName());
      if (command.commandLine().getParseResult().hasMatchedOption(option)) {
        List<String> given = option.originalStringValues();
        Object value =
            switch (row.kind()) {
              case FLAG -> true;
              case NEGATED -> false;
              case LIST -> List.copyOf(given);
              default -> given.get(given.size() - 1);
            };
        overrides.put(PipelineSettings.key(row.key()), value);
        optionOfKey.put(PipelineSettings.key(row.key()), option.longestName());
      }
    }
    try {
      return PipelineSettings.create(ConfigFactory.parseMap(overrides).withFallback(config));
    } catch (InvalidSettingException e) {
      String problem = e.problem();
      for (Map.Entry<String, String> named : optionOfKey.entrySet()) {
        problem = problem.replace(named.getKey(), named.getValue());
      }
      String option = optionOfKey.get(e.key());
      throw new ParameterException(
          command.commandLine(),
          option != null ? option + " " + problem : e.key() + " in the configuration " + problem);
    }
  }
}
