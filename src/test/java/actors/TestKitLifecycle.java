package actors;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After all tests of a class, closes its {@code static} {@link AutoCloseable} fields (a test server
 * bound to the kit's system), then shuts down its {@code static ActorTestKit} fields:
 * {@code @ExtendWith(TestKitLifecycle.class)} instead of the same {@code @AfterAll} in every class.
 *
 * <p>Why not Pekko's {@code TestKitJUnit5Extension}: it finds only instance fields, and with
 * JUnit's default per-method lifecycle it shuts down only the last kit it saw; it fits classes that
 * use {@code @TestInstance(PER_CLASS)} ({@code CacheContract} does). A static kit per class keeps
 * the default lifecycle, with a fresh {@code @TempDir} per test.
 */
public final class TestKitLifecycle implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) throws IllegalAccessException {
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ActorTestKit.class) {
          field.setAccessible(true);
          ActorTestKit kit = (ActorTestKit) field.get(null);
          if (kit != null) {
            kit.shutdownTestKit();
          }
        }
      }
    }
  }
}
