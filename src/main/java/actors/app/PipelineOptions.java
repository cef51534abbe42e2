package actors.app;

import actors.pipeline.PipelineSettings;
import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of {@code actors download} that stand for keys of {@code actors.pipeline}, one each,
 * named alike ({@code --max-bytes} is {@code max-bytes}). Their defaults and help values come from
 * {@code application.conf} ({@link Defaults}); the ones a user gives are layered over the config
 * ({@link #settings}), and {@link PipelineSettings} checks the result, naming the option.
 *
 * <p>The fields are never read: picocli checks each value's syntax with its converter, and the
 * config reads the string the user typed.
 */
final class PipelineOptions {

  /** Defaults from {@code actors.pipeline}. */
  static final class Defaults extends ConfigDefaults {
    Defaults() {
      super(ConfigFactory.load(), PipelineSettings.PATH);
    }
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-p", "--parallelism"},
      paramLabel = "N",
      description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
  Integer parallelism;

  @Option(
      names = "--timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Per attempt, whole response (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Establishing a connection (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "No body bytes for this long fails the attempt (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description =
          "Attempts after the first, for failures that can pass (default: ${DEFAULT-VALUE}).")
  Integer retries;

  @Option(
      names = "--backoff-min",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "First retry delay, doubling each time (default: ${DEFAULT-VALUE}).")
  Duration backoffMin;

  @Option(
      names = "--backoff-max",
      paramLabel = "DUR",
      converter = Units.DurationConverter.class,
      description = "Longest retry delay; also caps Retry-After (default: ${DEFAULT-VALUE}).")
  Duration backoffMax;

  @Option(
      names = "--backoff-random-factor",
      paramLabel = "F",
      description = "Each retry delay +/- this fraction, 0 to 1 (default: ${DEFAULT-VALUE}).")
  Double backoffRandomFactor;

  @Option(
      names = "--max-bytes",
      paramLabel = "SIZE",
      converter = Units.SizeConverter.class,
      description = "Largest body accepted (default: ${DEFAULT-VALUE}).")
  Long maxBytes;

  @Option(
      names = "--max-redirects",
      paramLabel = "N",
      description = "Redirects followed per attempt (default: ${DEFAULT-VALUE}).")
  Integer maxRedirects;

  @Option(
      names = "--buffer",
      paramLabel = "N",
      description =
          "Checked URLs waiting for a download slot, at most (default: ${DEFAULT-VALUE}).")
  Integer buffer;

  @Option(
      names = "--max-line-length",
      paramLabel = "SIZE",
      converter = Units.SizeConverter.class,
      description = "A longer input line is an invalid line (default: ${DEFAULT-VALUE}).")
  Long maxLineLength;

  /** The config's {@code actors.pipeline}, with the options given layered over it. */
  PipelineSettings settings(Config config) {
    ConfigDefaults keys = new Defaults();
    Map<String, Object> overrides = new HashMap<>();
    Map<String, String> optionOfKey = new HashMap<>();
    for (OptionSpec option : mixee.options()) {
      String key = keys.keyOf(option);
      if (key != null && mixee.commandLine().getParseResult().hasMatchedOption(option)) {
        List<String> given = option.originalStringValues();
        overrides.put(key, given.get(given.size() - 1));
        optionOfKey.put(key, option.longestName());
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
          mixee.commandLine(),
          option != null ? option + " " + problem : e.key() + " in the configuration " + problem);
    }
  }
}
