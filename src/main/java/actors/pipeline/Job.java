package actors.pipeline;

/**
 * A line to download: where from, into which file, the SHA-256 its body must have (lower-case hex;
 * null if the line gave none), and since when it waits for a slot.
 */
record Job(InputLine line, RequestUrl url, String fileName, String sha256, long readyNanos)
    implements ValidatedLine {}
