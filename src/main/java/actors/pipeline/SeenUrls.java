package actors.pipeline;

import actors.support.Sha256;
import java.nio.ByteBuffer;

/**
 * The set of URLs seen so far, for duplicate detection, in 16 bytes per distinct URL whatever its
 * length: each URL is kept as the first 128 bits of its SHA-256, in an open-addressing table of
 * longs. Two different URLs share a fingerprint with probability about n²/2¹²⁹ (for a billion URLs,
 * one in 10²¹); a URL is never stored itself, so a long input is never held in memory.
 *
 * <p>Owned by one stream stage ({@code statefulMap}): not thread-safe, and needs not be. We wrote
 * it because neither the JDK nor Pekko has a compact set of primitive pairs.
 */
final class SeenUrls {

  private long[] slots = new long[2 * 1024]; // pairs: (high, low); (0, 0) marks an empty slot
  private int size;

  /** Adds {@code url}; false if it was seen before. */
  boolean add(String url) {
    return add(Sha256.of(url));
  }

  /** Adds the URL whose SHA-256 is {@code sha256}; false if it was seen before. */
  boolean add(byte[] sha256) {
    ByteBuffer digest = ByteBuffer.wrap(sha256);
    long high = digest.getLong();
    long low = digest.getLong();
    if (high == 0 && low == 0) {
      low = 1; // keep (0, 0) for "empty"; one fingerprint in 2^128 moves, harmlessly
    }
    if ((size + 1) * 4L > (slots.length / 2) * 3L) {
      grow();
    }
    return insert(slots, high, low);
  }

  private boolean insert(long[] table, long high, long low) {
    int capacity = table.length / 2;
    int i = (int) (low & (capacity - 1));
    while (true) {
      long h = table[2 * i];
      long l = table[2 * i + 1];
      if (h == 0 && l == 0) {
        table[2 * i] = high;
        table[2 * i + 1] = low;
        if (table == slots) {
          size++;
        }
        return true;
      }
      if (h == high && l == low) {
        return false;
      }
      i = (i + 1) & (capacity - 1);
    }
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0 || slots[i + 1] != 0) {
        insert(bigger, slots[i], slots[i + 1]); // not counted again: only inserts into slots count
      }
    }
    slots = bigger;
  }

  /** Distinct URLs added. */
  int size() {
    return size;
  }
}
