package actors.pipeline;

/** A line to download: where from, into which file, and since when it waits for a slot. */
record Job(InputLine line, RequestUrl url, String fileName, long readyNanos)
    implements ValidatedLine {}
