package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The client's failures told apart by their text, where Pekko gives no type to tell them by. */
class FailuresTest {

  @Test
  void classify_aConnectionTheServerShutUnderARequestIsARetryableReset() {
    // Pekko's host pool fails a request this way when a server closes a kept-alive connection.
    Failure failure =
        Failures.classify(
            new CompletionException(new IllegalStateException("Connection was shutdown.")));
    assertThat(failure.code()).isEqualTo(ErrorCode.CONNECTION_RESET);
    assertThat(failure.code().retryable()).isTrue();
  }

  @Test
  void classify_somethingNobodyForesawIsAnInternalError() {
    assertThat(Failures.classify(new IllegalStateException("something new")).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }
}
