package org.mailserver.smtp.grammar;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * The DSN parameters of RFC 3461: {@code RET} and {@code ENVID} of MAIL (4.3, 4.4), {@code NOTIFY}
 * and {@code ORCPT} of RCPT (4.1, 4.2). Each method returns null for a value that is not valid, so
 * the session can answer 501 5.5.4. Pure functions.
 */
public final class DsnParser {
    /** RFC 3461 4.4: ENVID is at most 100 characters. */
    static final int MAX_ENVID = 100;
    /** RFC 3461 4.2: ORCPT is at most 500 characters. */
    static final int MAX_ORCPT = 500;

    private DsnParser() {
    }

    /** {@code RET=FULL|HDRS}, case-insensitive. */
    public static QueueEnvelope.Ret ret(String value) {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "FULL":
                return QueueEnvelope.Ret.FULL;
            case "HDRS":
                return QueueEnvelope.Ret.HDRS;
            default:
                return null;
        }
    }

    /** {@code ENVID=xtext}, decoded. */
    public static String envid(String value) {
        if (value.length() > MAX_ENVID) {
            return null;
        }
        return Xtext.decode(value);
    }

    /** {@code NOTIFY=NEVER} or a comma list of SUCCESS, FAILURE, DELAY (4.1: NEVER stands alone). */
    public static Set<QueueEnvelope.Notify> notify(String value) {
        Set<QueueEnvelope.Notify> out = EnumSet.noneOf(QueueEnvelope.Notify.class);
        for (String word : value.split(",", -1)) {
            QueueEnvelope.Notify n;
            try {
                n = QueueEnvelope.Notify.valueOf(word.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (!out.add(n)) {
                return null;
            }
        }
        if (out.contains(QueueEnvelope.Notify.NEVER) && out.size() > 1) {
            return null;
        }
        return out;
    }

    /**
     * {@code ORCPT=addr-type;xtext} (4.2): the address type is an atom ({@code rfc822}, {@code utf-8});
     * returned as {@code type;decoded-address}.
     */
    public static Optional<String> orcpt(String value) {
        int semi = value.indexOf(';');
        if (value.length() > MAX_ORCPT || semi <= 0 || !value.substring(0, semi).matches("[A-Za-z0-9-]+")) {
            return null;
        }
        String address = Xtext.decode(value.substring(semi + 1));
        if (address == null || address.isEmpty()) {
            return null;
        }
        return Optional.of(value.substring(0, semi) + ";" + address);
    }
}
