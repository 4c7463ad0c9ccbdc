package org.mailserver.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class OutageLogTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    /** Records "LEVEL message", the {} filled in as logback would. */
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().matches("debug|info|warn|error") && args != null && args[0] instanceof String f) {
                    Object[] params = args.length == 2 && args[1] instanceof Object[] a ? a
                            : Arrays.copyOfRange(args, 1, args.length);
                    for (Object p : params) {
                        f = f.replaceFirst("\\{\\}", Matcher.quoteReplacement(String.valueOf(p)));
                    }
                    lines.add(method.getName().toUpperCase(Locale.ROOT) + " " + f);
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });
    private final OutageLog log = new OutageLog(logger, "clamd at 127.0.0.1:3310", "deferring mail with 451 4.7.1",
            Duration.ofMinutes(1), now::get);

    @Test
    void anOutageIsOneWarningThenOneAMinuteAndOneLineWhenItEnds() {
        log.success(); // up: nothing to say
        log.failure("ConnectException: Connection refused");
        for (int i = 0; i < 100; i++) {
            now.addAndGet(Duration.ofMillis(500).toNanos());
            log.failure("ConnectException: Connection refused");
        }
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        log.failure("SocketTimeoutException: no reply\r\nforged");
        log.success();
        log.success();
        assertEquals(List.of(
                "WARN clamd at 127.0.0.1:3310 unavailable: ConnectException: Connection refused; deferring mail with"
                        + " 451 4.7.1 until it answers",
                "WARN clamd at 127.0.0.1:3310 still unavailable after 61.0s: 102 failures so far; last:"
                        + " SocketTimeoutException: no reply??forged",
                "INFO clamd at 127.0.0.1:3310 available again after 61.0s down (102 failures)"),
                lines.stream().filter(l -> !l.startsWith("DEBUG")).toList());
        assertEquals(100, lines.stream().filter(l -> l.startsWith("DEBUG")).count());

        log.failure("ConnectException: Connection refused"); // a new outage: told again
        assertEquals("WARN clamd at 127.0.0.1:3310 unavailable: ConnectException: Connection refused; deferring"
                + " mail with 451 4.7.1 until it answers", lines.get(lines.size() - 1));
    }
}
