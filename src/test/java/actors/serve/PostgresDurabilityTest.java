package actors.serve;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The durability contract on PostgreSQL, the production database: a real server, started by the
 * test from the binaries in a Maven artifact (no Docker, nothing installed), with the tables the
 * service creates on its first start.
 */
class PostgresDurabilityTest extends DurabilityContract {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  /** Each test starts from an empty database: the journal of the one before is dropped. */
  @BeforeEach
  void emptyDatabase() throws Exception {
    try (Connection connection = connect();
        Statement drop = connection.createStatement()) {
      drop.execute("DROP SCHEMA public CASCADE");
      drop.execute("CREATE SCHEMA public");
    }
  }

  @Override
  ServeSettings settings() {
    return TestService.settings(data)
        .withJdbcUrl(postgres.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*", ""))
        .withJdbcCredentials("postgres", "postgres");
  }

  @Override
  Connection connect() throws Exception {
    return open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
  }
}
