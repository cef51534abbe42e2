package actors.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is: {@code queued}, {@code running}, then one of the three ends. */
public enum JobStatus {
  /** No such job (an entity that was never created). */
  NONE,
  /** Waiting for one of the {@code max-running} slots. */
  QUEUED,
  RUNNING,
  /** Every line ended; the counts say how. */
  DONE,
  /**
   * Cancelled by a DELETE: the manifest is complete, its unfinished lines are {@code cancelled}.
   */
  CANCELLED,
  /** The job itself could not run (its directory could not be used); {@code error} says why. */
  FAILED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean ended() {
    return this == DONE || this == CANCELLED || this == FAILED;
  }
}
