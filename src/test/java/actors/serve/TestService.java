package actors.serve;

import actors.support.Edge;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;

/** A {@link Service} for a test: port 0, the test's data directory, the test config. */
final class TestService implements AutoCloseable {

  static final Config CONFIG = ConfigFactory.load("application-test");

  final Service service;
  final Client client;

  private TestService(Service service) {
    this.service = service;
    this.client = new Client(service.address().getPort());
  }

  static ServeSettings settings(Path data) {
    return ServeSettings.create(CONFIG).withPort(0).withData(data);
  }

  static TestService start(ServeSettings settings) throws Exception {
    return start(settings, CONFIG);
  }

  static TestService start(ServeSettings settings, Config config) throws Exception {
    return new TestService(Service.start(settings, config));
  }

  /** Stops the service as SIGTERM would, and waits for its data directory to be free. */
  @Override
  public void close() throws Exception {
    Edge.await(service.stop(), Duration.ofSeconds(60));
  }
}
