package org.mailserver.smtp.grammar;

/** The {@code BODY=} parameter of MAIL: 7BIT (RFC 6152), 8BITMIME (RFC 6152), BINARYMIME (RFC 3030). */
public enum BodyType {
    SEVEN_BIT("7BIT"),
    EIGHT_BIT_MIME("8BITMIME"),
    BINARY_MIME("BINARYMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Parses a BODY value, case-insensitively; null when unknown. */
    public static BodyType parse(String value) {
        for (BodyType t : values()) {
            if (t.keyword.equalsIgnoreCase(value)) {
                return t;
            }
        }
        return null;
    }
}
