// One file of some 310 lines on purpose: the job routes of one running service, tested
// together as a client meets them (submit, follow, read the manifest, cancel, refuse).
package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.pipeline.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Download jobs over HTTP: submitted as text or JSON, run by the patterns' pipeline, followed as
 * server-sent events, cancelled, queued behind {@code max-running}; and every way a submission can
 * be wrong. One service (one job at a time) and one file server for the class.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class JobRoutesTest {

  static final ActorTestKit files = ActorTestKit.create("files");
  private static TestServer web;
  private static TestService server;
  private static Client client;
  private static Path data;

  @BeforeAll
  static void start() throws Exception {
    web = TestServer.start(files.system());
    data = Files.createTempDirectory("job-routes");
    Config config =
        ConfigFactory.parseString(
                "actors.serve.jobs { max-running = 1, max-list-bytes = 64KiB }\n"
                    + "actors.pipeline { retries = 0 }")
            .withFallback(TestService.CONFIG);
    server = TestService.start(ServeSettings.create(config).withPort(0).withData(data), config);
    client = server.client;
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    web.close();
  }

  static HttpResponse<String> submitText(String query, String body) throws Exception {
    return client.send(
        client
            .request("/jobs" + query)
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> submitJson(String body) throws Exception {
    return client.send(
        client
            .request("/jobs")
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body))
            .build());
  }

  static String files(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> web.url("/files/" + prefix + i + "?size=2000"))
        .collect(Collectors.joining("\n"));
  }

  /** The job's last event, once it has ended. */
  static JsonNode awaitEnd(String id) throws Exception {
    List<Client.Event> events = client.events("/jobs/" + id + "/events");
    Client.Event last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo("end");
    return last.data();
  }

  static List<JsonNode> manifest(String id) throws Exception {
    HttpResponse<String> response = client.get("/jobs/" + id + "/manifest");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void textJob_runsToDoneWithAManifestLinePerLine() throws Exception {
    HttpResponse<String> created = submitText("?parallelism=4", files("text", 20) + "\n");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode job = Client.json(created);
    String id = job.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/jobs/" + id);
    assertThat(job.get("total").asLong()).isEqualTo(20);
    assertThat(job.get("status").asText()).isIn("queued", "running");

    JsonNode end = awaitEnd(id);
    assertThat(end.get("status").asText()).isEqualTo("done");
    assertThat(end.get("ok").asLong()).isEqualTo(20);
    assertThat(end.get("bytes").asLong()).isEqualTo(40_000);
    assertThat(end.get("finished").isNull()).isFalse();
    assertThat(manifest(id)).hasSize(20).allMatch(line -> line.get("status").asText().equals("ok"));
    assertThat(Client.json(client.get("/jobs/" + id)).get("status").asText()).isEqualTo("done");
    assertThat(client.get("/jobs").body()).contains("\"id\":\"" + id + "\"");
    assertThat(client.get("/metrics").body())
        .contains("actors_jobs_ended_total{status=\"done\"}")
        .contains("actors_jobs{status=\"running\"}")
        .contains("actors_job_lines_total{status=\"ok\"}")
        .containsPattern("actors_download_bytes_total [1-9]");
  }

  @Test
  void events_sendProgressAtMostEveryTick_notPerDownload() throws Exception {
    int lines = 300;
    // Each body 100 ms late, 16 at a time: the run lasts 1.9 s at least, so the subscription
    // (made right after the POST) sees most of its lines end.
    String list =
        IntStream.range(0, lines)
            .mapToObj(i -> web.url("/files/ticks" + i + "?size=2000&delay=100"))
            .collect(Collectors.joining("\n"));
    String id = Client.json(submitText("?parallelism=16", list + "\n")).get("id").asText();
    long start = System.nanoTime();
    List<Client.Event> events = client.events("/jobs/" + id + "/events");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(events.get(0).type()).isEqualTo("progress");
    assertThat(events.get(0).data().get("ok").asLong()).isLessThanOrEqualTo(lines / 2);
    assertThat(events.get(events.size() - 1).data().get("ok").asLong()).isEqualTo(lines);
    // One on subscribing, then one per tick at most (JobEntity.PROGRESS_EVERY, 500 ms), then the
    // end: a download starting or ending is no reason for an update.
    long ticks = elapsedMs / 500 + 1;
    assertThat(events)
        .filteredOn(e -> e.type().equals("progress"))
        .hasSizeLessThanOrEqualTo((int) ticks + 1);
  }

  @Test
  void jsonJob_takesTheDownloadOptions_andRefusesNonHttpUrlsLineByLine() throws Exception {
    HttpResponse<String> created =
        submitJson(
            "{\"urls\": [\""
                + web.url("/files/json0?size=10")
                + "\", \"file:///etc/passwd\", \"ftp://example.com/x\"],"
                + " \"parallelism\": 2, \"timeout\": \"5s\", \"max_bytes\": \"1MB\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode end = awaitEnd(Client.json(created).get("id").asText());
    assertThat(end.get("ok").asLong()).isEqualTo(1);
    assertThat(end.get("invalid").asLong()).isEqualTo(2);
  }

  @Test
  void jsonJob_takesTheRequestOptions_headersAsAList() throws Exception {
    HttpResponse<String> created =
        submitJson(
            "{\"urls\": [\""
                + web.url("/echo/job-headers")
                + "\"], \"headers\": [\"X-Job: 7\", \"Accept: text/plain\"],"
                + " \"user_agent\": \"job-agent/2\", \"limit_rate\": \"10MB\","
                + " \"names\": \"remote\", \"revalidate\": true, \"continue\": false}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Client.json(created).get("id").asText();
    assertThat(awaitEnd(id).get("ok").asLong()).isEqualTo(1);
    String file = manifest(id).get(0).get("file").asText();
    assertThat(file).isEqualTo("job-headers"); // names: remote
    assertThat(Files.readString(data.resolve("jobs").resolve(id).resolve(file)))
        .contains("x-job: 7\n", "accept: text/plain\n", "user-agent: job-agent/2\n");
  }

  @Test
  void submissions_thatAreWrongAre4xxNamingWhat() throws Exception {
    String url = "\"" + web.url("/files/x?size=1") + "\"";
    record Case(String body, int status, String field) {}
    List<Case> cases =
        List.of(
            new Case("{\"urls\": [" + url + "], \"parallelism\": 0}", 400, "parallelism"),
            new Case("{\"urls\": [" + url + "], \"timeout\": \"soon\"}", 400, "timeout"),
            new Case("{\"urls\": [" + url + "], \"colour\": \"red\"}", 400, "colour"),
            new Case("{\"urls\": [" + url + "], \"retries\": [1]}", 400, "retries"),
            new Case("{\"urls\": [" + url + "], \"headers\": [\"no colon\"]}", 400, "headers"),
            new Case("{\"urls\": [" + url + "], \"headers\": [7]}", 400, "headers"),
            new Case("{\"urls\": [" + url + "], \"insecure\": \"maybe\"}", 400, "insecure"),
            new Case("{\"urls\": [" + url + "], \"proxy\": \"ftp://x:1\"}", 400, "proxy"),
            new Case("{\"urls\": [" + url + "],", 400, "body"),
            new Case("[1, 2]", 400, "body"),
            new Case("{\"urls\": []}", 400, "urls"),
            new Case("{\"urls\": \"x\"}", 400, "urls"),
            new Case("{\"urls\": [" + url + ", 5]}", 400, "urls[1]"));
    for (Case c : cases) {
      HttpResponse<String> response = submitJson(c.body());
      assertThat(response.statusCode()).as(c.body()).isEqualTo(c.status());
      assertThat(Client.json(response).get("field").asText()).as(c.body()).isEqualTo(c.field());
    }
    assertThat(submitText("", "\n# only a comment\n\n").statusCode()).isEqualTo(400);
    assertThat(submitText("?retries=many", url).statusCode()).isEqualTo(400);
    HttpResponse<String> xml =
        client.send(
            client
                .request("/jobs")
                .header("Content-Type", "application/xml")
                .POST(BodyPublishers.ofString("<urls/>"))
                .build());
    assertThat(xml.statusCode()).isEqualTo(415);
    HttpResponse<String> huge = submitText("", "http://x/\n".repeat(7000));
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<String> hugeJson =
        submitJson("{\"urls\": [" + ("\"http://x/\",".repeat(7000)) + "\"http://x/\"]}");
    assertThat(hugeJson.statusCode()).isEqualTo(413);
    HttpResponse<String> hugeChunked =
        client.send(
            client
                .request("/jobs")
                .header("Content-Type", "text/plain")
                .POST(
                    BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(
                                "http://x/\n".repeat(7000).getBytes(StandardCharsets.UTF_8))))
                .build());
    assertThat(hugeChunked.statusCode()).isEqualTo(413);
    try (var left = Files.list(data.resolve("jobs"))) {
      assertThat(left.filter(dir -> !Files.exists(dir.resolve("urls.txt"))))
          .as("directories of refused submissions")
          .isEmpty();
    }
  }

  @Test
  void unknownJob_is404_andEndedJobCannotBeCancelled() throws Exception {
    assertThat(client.get("/jobs/no-such-job").statusCode()).isEqualTo(404);
    assertThat(client.delete("/jobs/no-such-job").statusCode()).isEqualTo(404);
    assertThat(client.get("/jobs/no-such-job/manifest").statusCode()).isEqualTo(404);
    assertThat(client.get("/jobs/no-such-job/events").statusCode()).isEqualTo(404);
    assertThat(client.get("/jobs/bad%20id").statusCode()).isEqualTo(400);

    String id = Client.json(submitText("", files("ended", 1))).get("id").asText();
    awaitEnd(id);
    HttpResponse<String> late = client.delete("/jobs/" + id);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(Client.json(late).get("error").asText()).contains("has ended");
  }

  @Test
  void cancel_endsARunningJobCancelledWithACompleteManifest_andAQueuedOneAtOnce() throws Exception {
    String hanging =
        IntStream.range(0, 3)
            .mapToObj(i -> web.url("/hang?n=" + i))
            .collect(Collectors.joining("\n"));
    String running = Client.json(submitText("?parallelism=3", hanging)).get("id").asText();
    // max-running is 1: the second job waits behind the first.
    JsonNode queued = Client.json(submitText("", files("queued", 2)));
    assertThat(queued.get("status").asText()).isEqualTo("queued");
    String waiting = queued.get("id").asText();

    HttpResponse<String> cancelQueued = client.delete("/jobs/" + waiting);
    assertThat(cancelQueued.statusCode()).isEqualTo(202);
    JsonNode queuedEnd = awaitEnd(waiting); // no slot needed: it downloads nothing
    assertThat(queuedEnd.get("status").asText()).isEqualTo("cancelled");
    assertThat(manifest(waiting))
        .hasSize(2)
        .allMatch(line -> line.get("status").asText().equals("cancelled"));
    assertThat(client.delete("/jobs/" + waiting).statusCode()).isEqualTo(409);

    // While it runs, its manifest so far is served: nothing has ended yet.
    assertThat(manifest(running)).isEmpty();
    assertThat(client.delete("/jobs/" + running).statusCode()).isEqualTo(202);
    JsonNode end = awaitEnd(running);
    assertThat(end.get("status").asText()).isEqualTo("cancelled");
    assertThat(end.get("cancelled").asLong()).isEqualTo(3);
    assertThat(manifest(running))
        .hasSize(3)
        .allMatch(line -> line.get("status").asText().equals("cancelled"));
    assertThat(web.requestsTo("/files/queued0")).isZero();
  }

  @Test
  void jobWhoseListCannotBeRead_endsFailedWithTheReason() throws Exception {
    // max-running is 1: a hanging job holds the slot while the second one's list is spoiled.
    String holder = Client.json(submitText("", web.url("/hang?hold=1"))).get("id").asText();
    String spoiled = Client.json(submitText("", files("spoiled", 1))).get("id").asText();
    Path list = data.resolve("jobs").resolve(spoiled).resolve("urls.txt");
    Files.delete(list);
    Files.createDirectory(list);
    assertThat(client.delete("/jobs/" + holder).statusCode()).isEqualTo(202);

    JsonNode end = awaitEnd(spoiled);
    assertThat(end.get("status").asText()).isEqualTo("failed");
    assertThat(end.get("error").asText()).isNotBlank();
    assertThat(Client.json(client.get("/jobs/" + spoiled)).get("status").asText())
        .isEqualTo("failed");
  }
}
