package actors.serve;

import static org.assertj.core.api.Assertions.assertThat;

import actors.counter.CounterEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route and every error of the API, against one service on an ephemeral port: the answers a
 * client relies on (status, JSON body, headers), and the ones a hostile or careless client gets.
 */
@ExtendWith(LogCapturingExtension.class)
class ServiceRoutesTest {

  private static Path data;
  private static TestService server;
  private static Client client;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("service-routes");
    Config config =
        ConfigFactory.parseString("actors.serve.max-value-bytes = 1KiB")
            .withFallback(TestService.CONFIG);
    server = TestService.start(ServeSettings.create(config).withPort(0).withData(data), config);
    client = server.client;
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void increment_answersTheValueAfterIt() throws Exception {
    assertThat(client.post("/counters/a/increment").body())
        .isEqualTo("{\"name\":\"a\",\"value\":1}");
    assertThat(client.post("/counters/a/increment?by=41").body())
        .isEqualTo("{\"name\":\"a\",\"value\":42}");
    assertThat(client.get("/counters/a").body()).isEqualTo("{\"name\":\"a\",\"value\":42}");
  }

  @Test
  void get_ofACounterNeverIncrementedIsZero() throws Exception {
    HttpResponse<String> response = client.get("/counters/never");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Client.json(response).get("value").asLong()).isZero();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void increment_byOutOfRangeOrNotANumberIs400NamingIt() throws Exception {
    for (String by : List.of("0", "-1", "1000000001", "x", "1.5", "99999999999999999999")) {
      HttpResponse<String> response = client.post("/counters/b/increment?by=" + by);
      assertThat(response.statusCode()).as(by).isEqualTo(400);
      JsonNode body = Client.json(response);
      assertThat(body.get("field").asText()).isEqualTo("by");
      assertThat(body.get("error").asText()).contains("1 to 1000000000");
    }
    assertThat(Client.json(client.get("/counters/b")).get("value").asLong()).isZero();
  }

  @Test
  void names_outsideTheRuleAre400() throws Exception {
    String tooLong = "n".repeat(129);
    for (String path :
        List.of(
            "/counters/" + tooLong, "/counters/a%20b/increment", "/cache/k%2Fj", "/cache/%C3%A9")) {
      HttpResponse<String> response =
          path.endsWith("increment") ? client.post(path) : client.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(Client.json(response).get("error").asText()).contains("1 to 128 characters");
    }
    assertThat(client.get("/counters/" + "n".repeat(128)).statusCode()).isEqualTo(200);
  }

  @Test
  void requestTooMalformedForTheRoutes_isJsonToo() throws Exception {
    HttpResponse<String> response = client.get("/counters/" + "a".repeat(5000));
    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Client.json(response).get("error").asText()).contains("URI length");
  }

  @Test
  void wrongMethod_is405WithAllow() throws Exception {
    HttpResponse<String> response = client.get("/counters/a/increment");
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(Client.json(response).get("error").asText()).contains("not allowed");
    assertThat(client.post("/cache/k").statusCode()).isEqualTo(405);
  }

  @Test
  void unknownPath_is404InJson() throws Exception {
    for (String path : List.of("/", "/nope", "/counters", "/counters/a/b/c", "/cache/a/b")) {
      HttpResponse<String> response = client.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(Client.json(response).has("error")).isTrue();
    }
  }

  @Test
  void increment_thatWouldOverflowIs409AndTheValueIsKept() throws Exception {
    TestProbe<StatusReply<Long>> probe = TestProbe.create(server.service.system());
    server
        .service
        .counters()
        .tell("big", new CounterEntity.Increment(Long.MAX_VALUE - 1, probe.ref()));
    assertThat(probe.receiveMessage().getValue()).isEqualTo(Long.MAX_VALUE - 1);

    HttpResponse<String> refused = client.post("/counters/big/increment?by=2");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(Client.json(refused).get("error").asText()).contains("overflows");
    assertThat(Client.json(client.post("/counters/big/increment")).get("value").asLong())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void cache_givesBackTheBytesAndTheContentTypeItWasPutWith() throws Exception {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    assertThat(client.put("/cache/bin", "application/octet-stream", binary).statusCode())
        .isEqualTo(204);
    HttpResponse<byte[]> back = client.bytes("/cache/bin");
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo(binary);
    assertThat(back.headers().firstValue("Content-Type")).hasValue("application/octet-stream");

    client.put("/cache/text", "text/plain; charset=UTF-8", "héllo".getBytes("UTF-8"));
    HttpResponse<String> text = client.get("/cache/text");
    assertThat(text.body()).isEqualTo("héllo");
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
  }

  @Test
  void cache_absentIs404AndDeleteIs204EvenWhenAbsent() throws Exception {
    assertThat(client.get("/cache/gone").statusCode()).isEqualTo(404);
    client.put("/cache/gone", "text/plain", "x".getBytes());
    assertThat(client.delete("/cache/gone").statusCode()).isEqualTo(204);
    assertThat(client.delete("/cache/gone").statusCode()).isEqualTo(204);
    HttpResponse<String> absent = client.get("/cache/gone");
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(Client.json(absent).get("error").asText()).contains("gone");
  }

  @Test
  void cache_valueOverTheLimitIs413AndNotStored() throws Exception {
    HttpResponse<String> response = client.put("/cache/huge", "text/plain", new byte[1025]);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Client.json(response).get("limit").asLong()).isEqualTo(1024);
    assertThat(client.get("/cache/huge").statusCode()).isEqualTo(404);
    assertThat(client.put("/cache/huge", "text/plain", new byte[1024]).statusCode()).isEqualTo(204);
  }

  @Test
  void cacheStats_countHitsAndMisses() throws Exception {
    JsonNode before = Client.json(client.get("/cache"));
    client.put("/cache/s", "text/plain", "v".getBytes());
    client.get("/cache/s");
    client.get("/cache/s-missing");
    JsonNode after = Client.json(client.get("/cache"));
    assertThat(after.get("hits").asLong()).isEqualTo(before.get("hits").asLong() + 1);
    assertThat(after.get("misses").asLong()).isEqualTo(before.get("misses").asLong() + 1);
    assertThat(after.get("max_entries").asInt()).isEqualTo(10000);
    assertThat(after.has("size")).isTrue();
    assertThat(after.has("evictions")).isTrue();
  }

  @Test
  void health_isAliveAndReadyOnceStarted() throws Exception {
    assertThat(client.get("/health/alive").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = client.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(Client.json(ready).get("status").asText()).isEqualTo("ready");
  }

  private static final Pattern SAMPLE =
      Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

  @Test
  void metrics_isPrometheusTextWithRequestsByRouteAndStatus() throws Exception {
    client.post("/counters/m/increment");
    client.get("/nope-for-metrics");
    HttpResponse<String> response = client.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    for (String line : response.body().split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        assertThat(line).as("a sample line").matches(SAMPLE);
      }
    }
    assertThat(response.body())
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/counters/{name}/increment\",status=\"200\"}")
        .contains("route=\"other\",status=\"404\"")
        .contains("http_server_requests_seconds_bucket")
        .contains("http_server_requests_in_flight")
        .contains("actors_messages_dropped_total")
        .contains("jvm_memory_used_bytes");
  }
}
