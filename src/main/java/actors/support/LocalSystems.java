package actors.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.serialization.JSerializer;

/**
 * The config of an actor system whose messages never leave its JVM ({@code download}, {@code
 * demo}): Jackson's serializers replaced by {@link LocalOnly}, which serializes nothing.
 *
 * <p>Pekko creates every configured serializer when an actor system starts, used or not, and
 * Jackson's three (the JSON, CBOR and CBOR-264 bindings of pekko-serialization-jackson, which
 * {@code serve} needs for its journal and its cluster) build their object mappers then: 0.16 s of a
 * download's start (docs/BENCHMARKS.md, "Issue #15"). Removing them from the config is not enough
 * (Pekko puts every reference.conf behind the config it is given), so they are replaced.
 */
public final class LocalSystems {

  private LocalSystems() {}

  private static final String SERIALIZERS = "pekko.actor.serializers";
  private static final String JACKSON = "org.apache.pekko.serialization.jackson.";

  /** The default config (application.conf over every reference.conf), for a local system. */
  public static Config config() {
    return config(ConfigFactory.load());
  }

  /** {@code config} with its Jackson serializers replaced by {@link LocalOnly}. */
  public static Config config(Config config) {
    Map<String, Object> replaced = new HashMap<>();
    for (Map.Entry<String, ConfigValue> serializer : config.getObject(SERIALIZERS).entrySet()) {
      if (String.valueOf(serializer.getValue().unwrapped()).startsWith(JACKSON)) {
        replaced.put(
            SERIALIZERS + "." + ConfigUtil.quoteString(serializer.getKey()),
            LocalOnly.class.getName());
      }
    }
    return ConfigFactory.parseMap(replaced).withFallback(config);
  }

  /**
   * A serializer for a system that must not serialize: any use fails, naming the object. One stands
   * in for each Jackson binding; Pekko refuses two different serializers with one identifier, so
   * every instance equals every other.
   */
  public static final class LocalOnly extends JSerializer {

    /** Outside Pekko's reserved 0 to 40, and no serializer of ours has another. */
    static final int IDENTIFIER = 4_115_001;

    @Override
    public int identifier() {
      return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
      return false;
    }

    @Override
    public byte[] toBinary(Object o) {
      throw refused(o.getClass().getName());
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
      throw refused(manifest == null ? "a message" : manifest.getName());
    }

    private static IllegalStateException refused(String what) {
      return new IllegalStateException(
          new NotSerializableException(what + ": this actor system serializes nothing"));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LocalOnly;
    }

    @Override
    public int hashCode() {
      return IDENTIFIER;
    }
  }
}
