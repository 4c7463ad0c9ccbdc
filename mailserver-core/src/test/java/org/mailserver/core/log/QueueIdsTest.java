package org.mailserver.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class QueueIdsTest {

    @Test
    void idsAreUniqueAcrossThreadsAndUseOnlyUpperCaseLettersAndDigits() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    String id = QueueIds.next();
                    assertTrue(id.matches("[0-9A-V]{16}"), id);
                    seen.add(id);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(80_000, seen.size());
    }

    @Test
    void idsSortByTime() {
        String a = QueueIds.next();
        String b = QueueIds.next();
        assertTrue(a.substring(0, 11).compareTo(b.substring(0, 11)) < 0, a + " " + b);
    }
}
