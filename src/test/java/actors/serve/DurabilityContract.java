package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the service promises about its counters' durability, run against each database it supports
 * (H2, the default; PostgreSQL, production): every answered increment survives a restart, none is
 * counted twice, and concurrent increments share database writes (group commit).
 */
@ExtendWith(LogCapturingExtension.class)
abstract class DurabilityContract {

  @TempDir Path data;

  /** The service's settings for this database, over {@link #data}. */
  abstract ServeSettings settings();

  /** A JDBC connection to the same database, to look at the journal itself. */
  abstract Connection connect() throws Exception;

  static final int CLIENTS = 64;
  static final int INCREMENTS = 2000;

  @Test
  void concurrentIncrements_areExactAfterARestartAndShareWrites() throws Exception {
    long answered;
    try (TestService server = TestService.start(settings())) {
      answered = incrementConcurrently(server.client, "load", INCREMENTS);
      assertThat(answered).isEqualTo(INCREMENTS);
      assertThat(value(server.client, "load")).isEqualTo(answered);
    }
    try (TestService restarted = TestService.start(settings())) {
      assertThat(value(restarted.client, "load")).isEqualTo(answered);
      assertThat(
              Client.json(restarted.client.post("/counters/load/increment")).get("value").asLong())
          .isEqualTo(answered + 1);
    }
    long writes = journalRows("counter|load");
    assertThat(writes).as("journal rows for %d increments", answered + 1).isLessThan(answered);
    assertThat(writes).isPositive();
  }

  @Test
  void manyCounters_eachExactAfterARestart() throws Exception {
    List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");
    try (TestService server = TestService.start(settings())) {
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int round = 0; round < 25; round++) {
        for (String name : names) {
          sent.add(server.client.postAsync("/counters/" + name + "/increment?by=" + (round + 1)));
        }
      }
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    }
    try (TestService restarted = TestService.start(settings())) {
      for (String name : names) {
        assertThat(value(restarted.client, name)).as(name).isEqualTo(25 * 26 / 2);
      }
    }
  }

  @Test
  void inMemoryCounters_startAgainFromZero() throws Exception {
    ServeSettings inMemory = settings().withDurableCounters(false);
    try (TestService server = TestService.start(inMemory)) {
      assertThat(incrementConcurrently(server.client, "volatile", 200)).isEqualTo(200);
      assertThat(value(server.client, "volatile")).isEqualTo(200);
    }
    try (TestService restarted = TestService.start(inMemory)) {
      assertThat(value(restarted.client, "volatile")).isZero();
    }
    assertThat(journalRows("counter|volatile")).isZero();
  }

  /** {@code count} increments of {@code name}, {@link #CLIENTS} in flight; the 200s answered. */
  static long incrementConcurrently(Client client, String name, int count) throws Exception {
    Semaphore inFlight = new Semaphore(CLIENTS);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      assertThat(inFlight.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
      sent.add(
          client
              .postAsync("/counters/" + name + "/increment")
              .whenComplete((r, e) -> inFlight.release()));
    }
    long ok = 0;
    for (CompletableFuture<HttpResponse<String>> response : sent) {
      if (response.get(30, TimeUnit.SECONDS).statusCode() == 200) {
        ok++;
      }
    }
    return ok;
  }

  static long value(Client client, String name) throws Exception {
    HttpResponse<String> response = client.get("/counters/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    return Client.json(response).get("value").asLong();
  }

  long journalRows(String persistenceId) throws Exception {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
      query.setString(1, persistenceId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static Connection open(String url, String user, String password) throws Exception {
    return DriverManager.getConnection(url, user, password);
  }
}
