package actors.bench;

import actors.channels.Channel;
import actors.counter.Counter;
import actors.demo.DemoContext;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer, one consumer: messages per second through an actor's mailbox, a bounded stream
 * queue whose every offer is awaited, a fused stream, and {@link ArrayBlockingQueue} (capacity
 * 1024, the Go/Rust channel baselines' size). Plus the ask round trip, in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessagingBench {

  static final int MESSAGES = 1_000_000;

  ActorSystem<SpawnProtocol.Command> system;
  DemoContext edge;
  ActorRef<Counter.Command> counter;

  @Setup
  public void start() throws Exception {
    system = ActorSystem.create(SpawnProtocol.create(), "bench");
    edge = new DemoContext(system, System.out, Duration.ofMinutes(2));
    counter = edge.spawn(Counter.create(), "counter");
  }

  @TearDown
  public void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** The receiving actor's mailbox: Pekko's default, or {@code actors.single-consumer-mailbox}. */
  @Param({"default", "single-consumer"})
  public String mailbox;

  /** The props that give an actor {@code mailbox}. */
  static Props props(String mailbox) {
    return mailbox.equals("default")
        ? Props.empty()
        : MailboxSelector.fromConfig("actors.single-consumer-mailbox");
  }

  /** Counts {@code n} messages, then tells {@code done}. */
  static <T> Behavior<T> receiver(int n, ActorRef<Done> done) {
    return Behaviors.setup(
        context -> {
          int[] received = {0};
          return Behaviors.receiveMessage(
              message -> {
                if (++received[0] == n) {
                  done.tell(Done.getInstance());
                  return Behaviors.stopped();
                }
                return Behaviors.same();
              });
        });
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public Done actorTell() throws Exception {
    return edge.<Done>spawnAndAwait(
        done ->
            Behaviors.<Integer>setup(
                context -> {
                  ActorRef<Integer> receiver =
                      context.spawn(receiver(MESSAGES, done), "receiver", props(mailbox));
                  for (int i = 0; i < MESSAGES; i++) {
                    receiver.tell(i);
                  }
                  return Behaviors.empty();
                }),
        "producer");
  }

  static final int WINDOW = 1024;

  /** Tells the producer that {@value #WINDOW}/2 more messages were handled. */
  enum Ack {
    INSTANCE
  }

  /** Counts {@code n} messages, acknowledging every half window, then tells {@code done}. */
  static Behavior<Integer> acknowledgingReceiver(
      int n, ActorRef<Ack> producer, ActorRef<Done> done) {
    int[] received = {0};
    return Behaviors.receiveMessage(
        message -> {
          if (++received[0] == n) {
            done.tell(Done.getInstance());
            return Behaviors.stopped();
          }
          if (received[0] % (WINDOW / 2) == 0) {
            producer.tell(Ack.INSTANCE);
          }
          return Behaviors.same();
        });
  }

  /**
   * Sends {@code n} messages, never more than {@value #WINDOW} ahead of the receiver's acks: the
   * actor form of a Go channel of capacity 1024, where {@link #actorTell} is an unbounded one.
   */
  static Behavior<Ack> windowedProducer(int n, ActorRef<Done> done) {
    return Behaviors.setup(
        context -> {
          ActorRef<Integer> receiver =
              context.spawn(acknowledgingReceiver(n, context.getSelf(), done), "receiver");
          int[] sent = {0};
          Runnable sendUpTo =
              () -> {
                int limit = Math.min(n, sent[0] + WINDOW / 2);
                while (sent[0] < limit) {
                  receiver.tell(sent[0]++);
                }
              };
          context.watch(receiver); // stops with it, so no ack ever reaches a stopped producer
          sendUpTo.run();
          sendUpTo.run();
          return Behaviors.receive(Ack.class)
              .onMessage(
                  Ack.class,
                  ack -> {
                    sendUpTo.run();
                    return Behaviors.same();
                  })
              .onSignal(Terminated.class, stopped -> Behaviors.stopped())
              .build();
        });
  }

  /** 1→1 tell with an ack window of {@value #WINDOW}: at most that many messages in flight. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public Done actorTellWindowed() throws Exception {
    return edge.<Done>spawnAndAwait(
        done -> windowedProducer(MESSAGES, done), "windowed-producer");
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long fusedStream() throws Exception {
    return edge.await(
        Source.range(1, MESSAGES).runWith(Sink.fold(0L, (sum, i) -> sum + i), system));
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long boundedQueueEachOfferAwaited() throws Exception {
    Pair<Channel<Integer>, CompletionStage<Long>> pair =
        Channel.<Integer>source(1024)
            .toMat(Sink.fold(0L, (sum, i) -> sum + i), Keep.both())
            .run(system);
    for (int i = 0; i < MESSAGES; i++) {
      pair.first().send(i).toCompletableFuture().join();
    }
    pair.first().close();
    return edge.await(pair.second());
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long arrayBlockingQueue() throws InterruptedException {
    ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(1024);
    long[] sum = {0};
    Thread consumer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < MESSAGES; i++) {
                  sum[0] += queue.take();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    consumer.start();
    for (int i = 0; i < MESSAGES; i++) {
      queue.put(i);
    }
    consumer.join();
    return sum[0];
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long askRoundTrip() throws Exception {
    return edge.ask(counter, Counter.Get::new);
  }
}
