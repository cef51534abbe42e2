package actors.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The database behind Pekko Persistence, as the config block pekko-persistence-jdbc reads ({@code
 * pekko-persistence-jdbc.shared-databases.actors}, which {@code persistence.conf} points both
 * plugins at): made at start from {@code actors.serve.jdbc}, since the default database's file lies
 * under {@code --data}.
 *
 * <p>The default is an H2 file, {@code DATA/db/actors.mv.db}: nothing to install, for development
 * and one machine. Its settings: {@code WRITE_DELAY=0} writes each commit to the file before the
 * commit returns (H2's default keeps up to half a second of commits in memory, which a {@code kill
 * -9} would lose, answered or not); {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the actor
 * system's shutdown, after the last write, instead of H2's own shutdown hook racing it; {@code
 * TRACE_LEVEL_FILE=0}: no {@code actors.trace.db} beside it, which would otherwise log, on every
 * start, the table scripts' statements for tables that exist already (a failure the service reports
 * itself). PostgreSQL is the production database.
 */
final class JdbcConfig {

  private JdbcConfig() {}

  /** The databases the service knows: each with its driver and Slick profile. */
  enum Database {
    H2("jdbc:h2:", "org.h2.Driver", "slick.jdbc.H2Profile$"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "slick.jdbc.PostgresProfile$");

    final String prefix;
    final String driver;
    final String profile;

    Database(String prefix, String driver, String profile) {
      this.prefix = prefix;
      this.driver = driver;
      this.profile = profile;
    }

    /** The database of {@code url}, or null for one the service does not know. */
    static Database of(String url) {
      for (Database database : values()) {
        if (url.startsWith(database.prefix)) {
          return database;
        }
      }
      return null;
    }
  }

  /** Our H2 settings (see above), each unless the URL sets it itself. */
  private static final List<String> H2_SETTINGS =
      List.of("WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE", "TRACE_LEVEL_FILE=0");

  /** The default database's URL: an H2 file under {@code data}. */
  static String h2Url(Path data) {
    return withH2Settings(
        "jdbc:h2:file:" + data.toAbsolutePath().resolve("db").resolve("actors"), H2_SETTINGS);
  }

  /**
   * The URL {@code settings} name, or the default one. {@code shared}: several processes use the
   * database (the nodes of a cluster on one machine), so an H2 file is opened in H2's mixed mode
   * ({@code AUTO_SERVER=TRUE}: the first process serves it to the others over TCP, and another
   * takes over when that one stops).
   */
  static String url(ServeSettings settings, boolean shared) {
    String url = settings.jdbcUrl().isEmpty() ? h2Url(settings.data()) : settings.jdbcUrl();
    if (Database.of(url) != Database.H2) {
      return url;
    }
    if (!shared) {
      return withH2Settings(url, H2_SETTINGS);
    }
    // H2 refuses DB_CLOSE_ON_EXIT=FALSE in mixed mode; its own hook closing the file is harmless
    // here, since `serve` takes SIGTERM itself and exits only after the actor system stopped.
    url = withH2Settings(url, List.of("WRITE_DELAY=0", "TRACE_LEVEL_FILE=0"));
    return has(url, "AUTO_SERVER") ? url : url + ";AUTO_SERVER=TRUE";
  }

  private static String withH2Settings(String url, List<String> settings) {
    StringBuilder withSettings = new StringBuilder(url);
    for (String setting : settings) {
      if (!has(url, setting.substring(0, setting.indexOf('=')))) {
        withSettings.append(';').append(setting);
      }
    }
    return withSettings.toString();
  }

  private static boolean has(String url, String key) {
    return url.toUpperCase(Locale.ROOT).contains(";" + key + "=");
  }

  /** The config block for {@code settings}' database, to put in front of the application's. */
  static Config overlay(ServeSettings settings, boolean shared) {
    String url = url(settings, shared);
    Database database = Database.of(url);
    Map<String, Object> db =
        Map.of(
            "url",
            url,
            "driver",
            database.driver,
            "user",
            settings.jdbcUser(),
            "password",
            settings.jdbcPassword(),
            "connectionPool",
            "HikariCP",
            "numThreads",
            settings.jdbcPoolSize(),
            "maxConnections",
            settings.jdbcPoolSize(),
            "minConnections",
            1,
            // A database that does not answer: fail the write (the entity recovers and the route
            // answers 503) within seconds, not the three minutes of Slick's default.
            "connectionTimeout",
            5000);
    return ConfigFactory.parseMap(
        Map.of(
            "pekko-persistence-jdbc.shared-databases.actors",
            Map.of("profile", database.profile, "db", db)));
  }
}
