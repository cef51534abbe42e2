package actors.app;

import actors.support.Durations;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options whose long name is a key of a config namespace ({@code --timeout} and {@code
 * actors.pipeline.timeout}) take their default from {@code application.conf}: each default lives
 * once, there, and {@code --help} shows it ({@code ${DEFAULT-VALUE}}). The options a user gives are
 * layered over the same config by the command, so the config stays the one source. Subclassed per
 * namespace with a no-argument constructor, as picocli's annotation wants.
 */
class ConfigDefaults implements IDefaultValueProvider {

  private final Config config;
  private final String namespace;

  ConfigDefaults(Config config, String namespace) {
    this.config = config;
    this.namespace = namespace;
  }

  /** The config key an option stands for, or null: {@code --max-bytes} is {@code ns.max-bytes}. */
  String keyOf(OptionSpec option) {
    if (option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String key = namespace + "." + option.longestName().replaceFirst("^-+", "");
    // A namespace of its own (--cluster and actors.serve.cluster { ... }) is not a default.
    return config.hasPath(key) && config.getValue(key).valueType() != ConfigValueType.OBJECT
        ? key
        : null;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = keyOf(option);
    if (key == null) {
      return null;
    }
    try {
      if (option.type() == Duration.class) {
        return Durations.format(config.getDuration(key));
      }
      if (option.type() == boolean.class) { // HOCON's on/off, yes/no
        return Boolean.toString(config.getBoolean(key));
      }
      return String.valueOf(config.getValue(key).unwrapped());
    } catch (ConfigException unreadable) {
      return null; // the settings record reports it, naming the key
    }
  }
}
