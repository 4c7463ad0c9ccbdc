package org.mailserver.core.filter;

import java.util.Set;

/**
 * One policy step (DNSBL, greylisting, header checks, spamd, clamd, ...).
 *
 * <p>Threading: {@link #check} runs on the blocking executor, never an event loop, so it may block
 * (DNS, a scanner's socket, file I/O); it must bound its own time (a timeout). Calls for one session
 * never overlap; calls of different sessions do, so implementations are thread-safe.
 *
 * <p>Failures: a filter decides itself what its outage means (usually {@link FilterVerdict.Defer} with
 * 451 4.7.1, or {@link FilterVerdict#CONTINUE} where configured). An exception that escapes is
 * answered by the chain with 451 4.7.1 and logged.
 */
public interface Filter {

    /** The policy name used in logs, reply texts and the rejection counter. */
    String policy();

    /** The stages at which {@link #check} is called. */
    Set<Stage> stages();

    /** Decides about one step. */
    FilterVerdict check(Stage stage, FilterContext context) throws Exception;
}
