package org.mailserver.core.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReloadableTest {

    @Test
    void aReplacedValueClosesAfterItsLastLease() {
        List<String> closed = new ArrayList<>();
        Reloadable<String> r = new Reloadable<>("old", closed::add);
        Reloadable.Lease<String> held = r.acquire();
        assertEquals("old", r.swap("new"));
        assertEquals("new", r.get());
        assertEquals(List.of(), closed, "still leased");
        try (Reloadable.Lease<String> l = r.acquire()) {
            assertEquals("new", l.value());
        }
        assertEquals("old", held.value());
        held.close();
        held.close(); // twice returns it once
        assertEquals(List.of("old"), closed);
        r.close();
        r.close();
        assertEquals(List.of("old", "new"), closed);
    }

    @Test
    void afterCloseNothingIsLentAndASwappedInValueIsClosedAtOnce() {
        List<String> closed = new ArrayList<>();
        Reloadable<String> r = new Reloadable<>("last", closed::add);
        Reloadable.Lease<String> held = r.acquire();
        r.close();
        assertEquals(List.of(), closed, "still leased");
        // a call after stop fails instead of spinning on the retired value
        assertThrows(IllegalStateException.class, r::acquire);
        // a reload finishing after stop: the new value is not left open
        assertThrows(IllegalStateException.class, () -> r.swap("late"));
        assertEquals(List.of("late"), closed);
        held.close();
        assertEquals(List.of("late", "last"), closed);
    }

    @Test
    void aValueWithoutLeasesClosesAtTheSwap() {
        List<String> closed = new ArrayList<>();
        Reloadable<String> r = new Reloadable<>("a", closed::add);
        r.swap("b");
        r.swap("c");
        assertEquals(List.of("a", "b"), closed);
    }

    @Test
    void underConcurrentSwapsNoLeaseSeesAClosedValueAndEachIsClosedOnce() throws Exception {
        List<Integer> closed = Collections.synchronizedList(new ArrayList<>());
        List<Integer> misuse = Collections.synchronizedList(new ArrayList<>());
        Reloadable<Integer> r = new Reloadable<>(0, closed::add);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> users = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            users.add(pool.submit(() -> {
                while (!stop.get()) {
                    try (Reloadable.Lease<Integer> l = r.acquire()) {
                        if (closed.contains(l.value())) {
                            misuse.add(l.value());
                        }
                    }
                }
            }));
        }
        for (int i = 1; i <= 2000; i++) {
            r.swap(i);
        }
        stop.set(true);
        for (Future<?> f : users) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        r.close();
        assertEquals(List.of(), misuse);
        assertEquals(2001, closed.size());
        assertEquals(2001, closed.stream().distinct().count());
    }
}
