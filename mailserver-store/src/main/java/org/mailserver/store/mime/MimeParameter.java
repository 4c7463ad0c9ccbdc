package org.mailserver.store.mime;

/**
 * One parameter of a Content-Type or Content-Disposition field, after RFC 2231 processing: the
 * sections of a continued parameter ({@code name*0}, {@code name*1*}, ...) joined, and an extended
 * value ({@code name*=utf-8'en'%E2%82%AC}) percent-decoded and decoded from its charset.
 *
 * @param name the name as written, without RFC 2231 section or {@code *} suffixes
 * @param value the decoded value
 * @param charset the charset of an RFC 2231 extended value (as written), else null
 * @param language the language of an RFC 2231 extended value, else null (also when empty)
 */
public record MimeParameter(String name, String value, String charset, String language) {

    public MimeParameter(String name, String value) {
        this(name, value, null, null);
    }

    /** Whether the value was written in RFC 2231's extended ({@code charset'lang'%XX}) form. */
    public boolean extended() {
        return charset != null;
    }
}
