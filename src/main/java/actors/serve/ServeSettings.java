package actors.serve;

import static actors.support.Require.between;
import static actors.support.Require.require;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code actors serve}'s settings: read once from {@code actors.serve}, with {@code withX} copies
 * for the command line's options and for tests. Checks itself: a value out of range fails with an
 * {@link actors.support.InvalidSettingException} naming the key.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 for any free one
 * @param data the directory of the database and the jobs' files
 * @param askTimeout how long a route waits for an entity
 * @param drainDeadline how long requests in flight may take once a shutdown starts
 * @param maxValueBytes the largest cache value
 * @param durableCounters whether counters are journaled (on) or in memory (off)
 * @param jdbcUrl the database; empty for an H2 file under {@code data}
 * @param jdbcUser the database user (from config or the environment)
 * @param jdbcPassword the database password (from config or the environment)
 * @param jdbcPoolSize connections to the database
 * @param unreadyDelay on shutdown, how long readiness answers 503 before the port closes
 */
public record ServeSettings(
    String host,
    int port,
    Path data,
    Duration askTimeout,
    Duration drainDeadline,
    long maxValueBytes,
    boolean durableCounters,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    int jdbcPoolSize,
    Duration unreadyDelay) {

  public ServeSettings {
    require(host != null && !host.isBlank(), "actors.serve.host", "is empty");
    between(port, 0, 65535, "actors.serve.port");
    require(data != null, "actors.serve.data", "is missing");
    between(askTimeout, Duration.ofMillis(1), Duration.ofMinutes(10), "actors.serve.ask-timeout");
    between(drainDeadline, Duration.ZERO, Duration.ofMinutes(10), "actors.serve.drain-deadline");
    between(maxValueBytes, 1, 1L << 30, "actors.serve.max-value-bytes");
    require(
        jdbcUrl.isEmpty() || JdbcConfig.Database.of(jdbcUrl) != null,
        "actors.serve.jdbc.url",
        "must start with jdbc:h2: or jdbc:postgresql:, not " + jdbcUrl);
    between(jdbcPoolSize, 1, 1000, "actors.serve.jdbc.pool-size");
    // Within before-service-unbind's phase timeout (application.conf), or the phase is cut short.
    between(unreadyDelay, Duration.ZERO, Duration.ofSeconds(15), "actors.serve.unready-delay");
  }

  /** Reads {@code actors.serve} from {@code config}. */
  public static ServeSettings create(Config config) {
    Config c = config.getConfig("actors.serve");
    return new ServeSettings(
        c.getString("host"),
        c.getInt("port"),
        Path.of(c.getString("data")),
        c.getDuration("ask-timeout"),
        c.getDuration("drain-deadline"),
        c.getBytes("max-value-bytes"),
        c.getBoolean("counters.durable"),
        c.getString("jdbc.url"),
        c.getString("jdbc.user"),
        c.getString("jdbc.password"),
        c.getInt("jdbc.pool-size"),
        c.getDuration("unready-delay"));
  }

  public ServeSettings withHost(String value) {
    return new ServeSettings(
        value,
        port,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withPort(int value) {
    return new ServeSettings(
        host,
        value,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withData(Path value) {
    return new ServeSettings(
        host,
        port,
        value,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withJdbcUrl(String value) {
    return new ServeSettings(
        host,
        port,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        value,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withJdbcCredentials(String user, String password) {
    return new ServeSettings(
        host,
        port,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        jdbcUrl,
        user,
        password,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withDurableCounters(boolean value) {
    return new ServeSettings(
        host,
        port,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        value,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        unreadyDelay);
  }

  public ServeSettings withUnreadyDelay(Duration value) {
    return new ServeSettings(
        host,
        port,
        data,
        askTimeout,
        drainDeadline,
        maxValueBytes,
        durableCounters,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        jdbcPoolSize,
        value);
  }

  /** The password masked, for logs. */
  @Override
  public String toString() {
    return "ServeSettings[host=%s, port=%d, data=%s, jdbcUrl=%s, jdbcUser=%s, durableCounters=%s]"
        .formatted(host, port, data, jdbcUrl, jdbcUser, durableCounters);
  }
}
