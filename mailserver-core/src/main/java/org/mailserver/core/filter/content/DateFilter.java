package org.mailserver.core.filter.content;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Set;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in Date check (policy {@code date}): the message's {@code Date:} (RFC 5322 3.6.1, the
 * origination date) older than {@code max_past} or further ahead than {@code max_future} is refused
 * with 550 5.7.1. A missing or unreadable Date is logged, never refused. Reads the message header only.
 */
public final class DateFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("mail");
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(1024 * 1024).setMaxHeaderLen(1024 * 1024).setMaxHeaderCount(-1).build();

    private final DateCheckConfig config;
    private final Clock clock;

    public DateFilter(DateCheckConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String policy() {
        return "date";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.DATA);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext context) throws IOException {
        String value = dateField(context);
        ZonedDateTime date = value == null ? null : DateHeaderParser.parse(value);
        if (date == null) {
            LOG.info("filter: info policy=date client=[{}] id={}: {}", context.client() == null ? "unknown"
                    : context.client().getHostAddress(), MailLog.clean(context.queueId()),
                    value == null ? "no Date header" : "unreadable Date header: " + MailLog.clean(value));
            return FilterVerdict.CONTINUE;
        }
        Instant now = clock.instant();
        Instant at = date.toInstant();
        Duration past = config.maxPast();
        Duration future = config.maxFuture();
        if (!past.isZero() && at.isBefore(now.minus(past))) {
            return refuse("too far in the past", "max_past " + past + " date=" + value.strip());
        }
        if (!future.isZero() && at.isAfter(now.plus(future))) {
            return refuse("in the future", "max_future " + future + " date=" + value.strip());
        }
        return FilterVerdict.CONTINUE;
    }

    private static FilterVerdict refuse(String why, String rule) {
        return new FilterVerdict.Reject(new Refusal(550, "5.7.1",
                "Message refused: its Date header is " + why + " (policy date)", "date", rule));
    }

    /** The first Date field of the message header, or null. */
    private static String dateField(FilterContext context) throws IOException {
        MimeTokenStream ts = new MimeTokenStream(MIME);
        try (InputStream in = context.message().open()) {
            ts.parse(in);
            try {
                for (EntityState st = ts.getState(); st != EntityState.T_END_OF_STREAM && st != EntityState.T_END_HEADER;
                     st = ts.next()) {
                    if (st == EntityState.T_FIELD) {
                        Field f = ts.getField();
                        if (f.getName().equalsIgnoreCase("Date")) {
                            return f.getBody();
                        }
                    }
                }
            } finally {
                ts.stop(); // once: hands Mime4j's header buffer back to its per-thread recycler
            }
        } catch (MimeException e) {
            return null;
        }
        return null;
    }
}
