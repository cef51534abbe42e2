package actors.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forwarding proxy for tests: {@code CONNECT host:port} opens a tunnel to the target (what Pekko
 * HTTP's proxy transport asks for, for http and https alike), counting each. Anything else gets a
 * 405. Plain threads and sockets: test code.
 */
public final class TestProxy implements AutoCloseable {

  /** CONNECT requests, per {@code host:port}. */
  public final ConcurrentHashMap<String, AtomicInteger> connects = new ConcurrentHashMap<>();

  private final ServerSocket server;
  private final String refusal;

  public TestProxy() throws IOException {
    this(null);
  }

  /**
   * A proxy that answers every CONNECT with {@code refusal} ({@code "407 Proxy ..."}), if given.
   */
  public TestProxy(String refusal) throws IOException {
    this.refusal = refusal;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "test-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** CONNECT requests so far, to any target. */
  public int connectCount() {
    return connects.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        daemon(() -> tunnel(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      String head = readHead(client.getInputStream());
      String[] request = head.lines().findFirst().orElse("").split(" ");
      OutputStream toClient = client.getOutputStream();
      if (request.length < 2 || !request[0].equals("CONNECT")) {
        toClient.write(
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      connects.computeIfAbsent(request[1], t -> new AtomicInteger()).incrementAndGet();
      if (refusal != null) {
        toClient.write(
            ("HTTP/1.1 " + refusal + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      int colon = request[1].lastIndexOf(':');
      try (Socket target =
          new Socket(
              request[1].substring(0, colon), Integer.parseInt(request[1].substring(colon + 1)))) {
        toClient.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        toClient.flush();
        Thread up = daemon(() -> pump(client, target));
        pump(target, client);
        up.join(10_000);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The client or the target went away: the tunnel ends.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("no request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException gone) {
      // One side closed: the other follows.
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "test-proxy-tunnel");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
