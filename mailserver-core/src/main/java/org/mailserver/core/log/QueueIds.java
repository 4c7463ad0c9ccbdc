package org.mailserver.core.log;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Queue ids like Postfix's long ids: time-ordered and unique in one process, 16 characters of
 * [0-9A-Z] so they are easy to grep and safe in headers and file names.
 */
public final class QueueIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUV".toCharArray();
    private static long last;

    private QueueIds() {
    }

    /** A new id. Thread-safe. */
    public static String next() {
        long micros;
        synchronized (QueueIds.class) {
            micros = Math.max(System.currentTimeMillis() * 1000, last + 1);
            last = micros;
        }
        char[] out = new char[16];
        long v = micros;
        for (int i = 10; i >= 0; i--) {
            out[i] = ALPHABET[(int) (v & 31)];
            v >>>= 5;
        }
        int r = ThreadLocalRandom.current().nextInt(1 << 25); // not SecureRandom: it may read a device on the event loop
        for (int i = 15; i >= 11; i--) {
            out[i] = ALPHABET[r & 31];
            r >>>= 5;
        }
        return new String(out);
    }
}
