package org.mailserver.store.mime;

import java.util.List;

/**
 * A Content-Disposition field (RFC 2183).
 *
 * @param type the disposition type in lower case ({@code inline}, {@code attachment}, ...)
 * @param parameters its parameters in header order, RFC 2231 decoded
 */
public record ContentDisposition(String type, List<MimeParameter> parameters) {
    public ContentDisposition {
        parameters = List.copyOf(parameters);
    }
}
