package org.mailserver.core.filter.spf;

/**
 * Ends check_host() at once with {@link SpfResult#TEMPERROR} (a DNS failure or the deadline, RFC 7208
 * 4.4 and 5) or {@link SpfResult#PERMERROR} (a syntax error, a limit, RFC 7208 4.6 and 4.6.4), however
 * deep in include and redirect processing it happens.
 */
final class SpfError extends Exception {
    private final SpfResult result;

    private SpfError(SpfResult result, String problem) {
        super(problem, null, false, false);
        this.result = result;
    }

    static SpfError perm(String problem) {
        return new SpfError(SpfResult.PERMERROR, problem);
    }

    static SpfError temp(String problem) {
        return new SpfError(SpfResult.TEMPERROR, problem);
    }

    SpfResult result() {
        return result;
    }
}
