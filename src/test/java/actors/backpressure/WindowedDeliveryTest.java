package actors.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.ProducerController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class WindowedDeliveryTest {

  static final int WINDOW = 10;

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "pekko.reliable-delivery.consumer-controller.flow-control-window = " + WINDOW)
              .withFallback(ConfigFactory.load("application-test")));

  /** A producer controller and a consumer controller, connected. */
  record Link(
      ActorRef<ProducerController.Command<Integer>> producer,
      ActorRef<ConsumerController.Command<Integer>> consumer) {}

  static Link link(String id) {
    ActorRef<ProducerController.Command<Integer>> producer =
        testKit.spawn(ProducerController.create(Integer.class, id, Optional.empty()));
    ActorRef<ConsumerController.Command<Integer>> consumer =
        testKit.spawn(ConsumerController.create());
    consumer.tell(new ConsumerController.RegisterToProducerController<>(producer));
    return new Link(producer, consumer);
  }

  @Test
  void window_everyJobArrivesOnceInOrderAndTheLeadStaysWithinTheWindow() {
    Link link = link("in-order");
    TestProbe<Integer> processed = testKit.createTestProbe();
    TestProbe<WindowedProducer.Finished> finished = testKit.createTestProbe();
    testKit.spawn(WindowedConsumer.create(link.consumer(), Duration.ZERO, processed.ref()));
    testKit.spawn(WindowedProducer.create(link.producer(), 1_000, finished.ref()));

    List<Integer> jobs = processed.receiveSeveralMessages(1_000, Duration.ofSeconds(30));
    assertThat(jobs).isEqualTo(IntStream.range(0, 1_000).boxed().toList());
    WindowedProducer.Finished done = finished.receiveMessage();
    assertThat(done.sent()).isEqualTo(1_000);
    assertThat(done.maxLead()).isBetween(1L, (long) WINDOW);
  }

  @Test
  void window_consumerThatDoesNotConfirmHoldsTheProducerAtTheWindow() {
    Link link = link("held");
    TestProbe<ConsumerController.Delivery<Integer>> consumer = testKit.createTestProbe();
    link.consumer().tell(new ConsumerController.Start<>(consumer.ref()));
    TestProbe<WindowedProducer.Finished> finished = testKit.createTestProbe();
    testKit.spawn(WindowedProducer.create(link.producer(), 3 * WINDOW, finished.ref()));

    ConsumerController.Delivery<Integer> first = consumer.receiveMessage();
    assertThat(first.message()).isZero();
    // Nothing confirmed: the producer cannot get past the window, so it cannot finish.
    finished.expectNoMessage(Duration.ofMillis(300));

    ConsumerController.Delivery<Integer> delivery = first;
    for (int job = 1; job < 3 * WINDOW; job++) {
      delivery.confirmTo().tell(ConsumerController.confirmed());
      delivery = consumer.receiveMessage();
      assertThat(delivery.message()).isEqualTo(job);
    }
    delivery.confirmTo().tell(ConsumerController.confirmed());
    assertThat(finished.receiveMessage().maxLead()).isLessThanOrEqualTo(WINDOW);
  }
}
