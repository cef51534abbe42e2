package actors.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A local actor system starts without Jackson, and refuses, clearly, to serialize anything. */
class LocalSystemsTest {

  record Message(String text) implements CborSerializable {}

  final ActorTestKit testKit = ActorTestKit.create(LocalSystems.config());

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aLocalSystem_hasNoJacksonSerializer_andItsBindingsGoToLocalOnly() throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    scala.collection.Iterator<Serializer> all =
        serialization.serializerByIdentity().valuesIterator();
    while (all.hasNext()) {
      assertThat(all.next().getClass().getName()).doesNotContain("jackson");
    }
    assertThat(serialization.serializerFor(Message.class))
        .isInstanceOf(LocalSystems.LocalOnly.class);
  }

  @Test
  void serializingInALocalSystem_failsNamingTheMessage() {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    assertThatThrownBy(() -> serialization.serialize(new Message("hi")).get())
        .hasMessageContaining(Message.class.getName())
        .hasMessageContaining("serializes nothing");
  }

  @Test
  void everythingElseOfTheConfig_isKept() {
    assertThat(testKit.system().settings().config().getInt("actors.pipeline.parallelism"))
        .isEqualTo(64);
    assertThat(testKit.system().settings().config().getString("pekko.actor.serializers.java"))
        .isEqualTo("org.apache.pekko.serialization.JavaSerializer");
  }
}
