package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.pipeline.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job running when the server stops: its manifest is complete at the stop, it is still running
 * after the restart, and the files it had completed are {@code skipped}, not fetched again.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class JobResumeTest {

  static final ActorTestKit files = ActorTestKit.create("files");
  static final TestServer web = TestServer.start(files.system());

  @TempDir Path data;

  @AfterAll
  static void stopWeb() throws Exception {
    web.close();
  }

  @Test
  void runningJob_isSuspendedOnShutdown_andResumesWithoutRefetching() throws Exception {
    String urls =
        IntStream.range(0, 10)
                .mapToObj(i -> web.url("/files/resume" + i + "?size=3000"))
                .collect(Collectors.joining("\n"))
            + "\n"
            + web.url("/hang?r=1")
            + "\n"
            + web.url("/hang?r=2")
            + "\n";
    String id;
    try (TestService server = TestService.start(TestService.settings(data))) {
      JsonNode created =
          Client.json(
              server.client.send(
                  server
                      .client
                      .request("/jobs?parallelism=12")
                      .header("Content-Type", "text/plain")
                      .POST(BodyPublishers.ofString(urls))
                      .build()));
      id = created.get("id").asText();
      List<Client.Event> events =
          server.client.eventsUntil(
              "/jobs/" + id + "/events", event -> event.data().get("ok").asLong() == 10);
      assertThat(events.get(events.size() - 1).data().get("ok").asLong()).isEqualTo(10);
      // The manifest so far: the lines that ended are served while the job runs (the draft is
      // flushed once no line has ended for a moment).
      long deadline = System.nanoTime() + Client.DEADLINE.toNanos();
      long lines = 0;
      while (lines < 10 && System.nanoTime() < deadline) {
        lines = server.client.get("/jobs/" + id + "/manifest").body().lines().count();
      }
      assertThat(lines).isEqualTo(10);
    } // a graceful stop, as on SIGTERM

    List<String> manifest =
        Files.readAllLines(data.resolve("jobs").resolve(id).resolve("manifest.jsonl"));
    assertThat(manifest).hasSize(12);
    assertThat(manifest.stream().filter(line -> line.contains("\"status\":\"cancelled\"")))
        .hasSize(2);

    try (TestService restarted = TestService.start(TestService.settings(data))) {
      List<Client.Event> events =
          restarted.client.eventsUntil(
              "/jobs/" + id + "/events", event -> event.data().get("skipped").asLong() == 10);
      JsonNode resumed = events.get(events.size() - 1).data();
      assertThat(resumed.get("status").asText()).isEqualTo("running");
      assertThat(resumed.get("skipped").asLong()).isEqualTo(10);
      assertThat(restarted.client.delete("/jobs/" + id).statusCode()).isEqualTo(202);
      List<Client.Event> end = restarted.client.events("/jobs/" + id + "/events");
      JsonNode last = end.get(end.size() - 1).data();
      assertThat(last.get("status").asText()).isEqualTo("cancelled");
      assertThat(last.get("skipped").asLong()).isEqualTo(10);
      assertThat(last.get("cancelled").asLong()).isEqualTo(2);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(web.requestsTo("/files/resume" + i)).as("requests for file %d", i).isEqualTo(1);
    }
  }
}
