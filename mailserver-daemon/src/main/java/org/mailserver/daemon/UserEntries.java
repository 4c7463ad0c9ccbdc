package org.mailserver.daemon;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where {@link UserAdmin} reads and changes users: the embedded directory's LDIF file
 * ({@link LdifEntries}) or an external LDAP server ({@link LdapEntries}).
 *
 * <p>Call order: searches and changes in any order, then {@link #commit()} once if anything changed,
 * then {@link #close()}. Failures are {@link IOException}s whose message is meant for the operator;
 * nothing is written when {@link #commit()} fails. Not thread-safe: one command, one instance.
 */
interface UserEntries extends Closeable {

    /** {@code directory.base}, or else the naming contexts (for an LDIF: its top entries). */
    List<DN> bases() throws IOException;

    /** The entries under {@link #bases()} matching {@code filter}, with at least {@code attributes}. */
    List<Entry> search(Filter filter, String... attributes) throws IOException;

    /** Adds an entry; its parent must exist. */
    void add(Entry entry) throws IOException;

    /** Replaces every value of {@code attribute} of entry {@code dn} with {@code value}. */
    void replace(DN dn, String attribute, String value) throws IOException;

    /** Makes the changes durable: the LDIF is rewritten; an LDAP server has applied each one already. */
    void commit() throws IOException;

    /** What the operator should know once a change is committed (when it takes effect). */
    String afterChange();
}
