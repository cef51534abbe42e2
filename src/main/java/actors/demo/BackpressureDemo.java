package actors.demo;

import actors.backpressure.Bounded;
import actors.backpressure.DropCounter;
import actors.backpressure.Tally;
import actors.backpressure.WindowedConsumer;
import actors.backpressure.WindowedProducer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.ProducerController;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Demo: demand between streams, a window between actors, and a bounded mailbox that sheds. */
public final class BackpressureDemo extends DemoSection {

  private static final int BUFFER = 8;
  private static final int FLOOD = 100_000;
  private static final int MAILBOX = 100;

  public BackpressureDemo() {
    super(
        "Backpressure and load shedding",
        "Go: a full buffered chan blocks the sender | Rust: bounded mpsc, send().await");
  }

  @Override
  public void run(DemoContext demo) throws Exception {
    streams(demo);
    actors(demo);
    boundedMailbox(demo);
  }

  /** A producer that could make millions a second, a consumer that takes 200 a second. */
  private static void streams(DemoContext demo) throws Exception {
    AtomicLong produced = new AtomicLong(); // measurement only: one writer each
    AtomicLong consumed = new AtomicLong();
    AtomicLong maxLead = new AtomicLong();
    demo.await(
        Source.range(1, Integer.MAX_VALUE)
            .map(
                i -> {
                  maxLead.accumulateAndGet(produced.incrementAndGet() - consumed.get(), Math::max);
                  return i;
                })
            .async()
            .via(Bounded.buffer(BUFFER))
            .throttle(200, Duration.ofSeconds(1), 1, ThrottleMode.shaping())
            .takeWithin(Duration.ofMillis(500))
            .runWith(
                Sink.<Integer>foreach(i -> consumed.incrementAndGet())
                    .withAttributes(Attributes.inputBuffer(1, 1)),
                demo.system()));
    demo.say(
        "streams: in 0.5 s the consumer took %d, the producer made %d: never more than %d ahead"
            + " (buffer %d, bound %d)",
        consumed.get(), produced.get(), maxLead.get(), BUFFER, Bounded.maxLead(BUFFER));
  }

  /** 200 jobs through reliable delivery's window, to a consumer that takes 1 ms per job. */
  private static void actors(DemoContext demo) throws Exception {
    ActorRef<ProducerController.Command<Integer>> producerController =
        demo.spawn(ProducerController.create(Integer.class, "jobs", Optional.empty()), "jobs");
    ActorRef<ConsumerController.Command<Integer>> consumerController =
        demo.spawn(ConsumerController.create(), "jobs-consumer-controller");
    consumerController.tell(
        new ConsumerController.RegisterToProducerController<>(producerController));
    demo.spawn(
        WindowedConsumer.create(
            consumerController, Duration.ofMillis(1), demo.system().ignoreRef()),
        "jobs-consumer");
    WindowedProducer.Finished finished =
        demo.spawnAndAwait(
            replyTo -> WindowedProducer.create(producerController, 200, replyTo), "jobs-producer");
    int window =
        demo.system()
            .settings()
            .config()
            .getInt("pekko.reliable-delivery.consumer-controller.flow-control-window");
    demo.say(
        "actors:  the producer sent %d jobs, at most %d unconfirmed at a time (window %d)",
        finished.sent(), finished.maxLead(), window);
  }

  /** A flood into a mailbox of 100: what does not fit is dropped, and counted. */
  private static void boundedMailbox(DemoContext demo) throws Exception {
    ActorRef<DropCounter.Command> drops =
        demo.spawn(DropCounter.create(Duration.ofSeconds(1)), "drop-counter");
    Done subscribed = demo.ask(drops, DropCounter.AwaitSubscribed::new);
    ActorRef<Tally.Command> tally =
        demo.spawn(Tally.create(), "tally", MailboxSelector.bounded(MAILBOX));
    for (int i = 0; i < FLOOD; i++) {
      tally.tell(Tally.Item.INSTANCE);
    }
    long received = 0;
    long dropped = 0;
    long deadline = System.nanoTime() + demo.timeout().toNanos();
    while (received + dropped != FLOOD && System.nanoTime() < deadline) {
      // A Get may itself find the mailbox full and be dropped: ask briefly, and ask again.
      received =
          AskPattern.ask(tally, Tally.Get::new, Duration.ofMillis(200), demo.system().scheduler())
              .exceptionally(timedOut -> -1L)
              .toCompletableFuture()
              .join();
      dropped =
          demo.ask(drops, replyTo -> new DropCounter.GetDrops(tally, Tally.Item.class, replyTo));
    }
    demo.say(
        "mailbox: sent %d to a bounded mailbox of %d: received %d + dropped %d = %d (load shedding,"
            + " counted and logged)",
        FLOOD, MAILBOX, received, dropped, received + dropped);
    if (received + dropped != FLOOD) {
      throw new IllegalStateException("lost messages: " + (FLOOD - received - dropped));
    }
  }
}
