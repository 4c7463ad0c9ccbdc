package org.mailserver.daemon;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded directory's LDIF file ({@code directory.ldif}) as {@link UserEntries}. Opening takes an
 * exclusive lock on {@code .<name>.lock} beside the file, so two commands never lose each other's
 * change; {@link #commit()} checks the changed entries against the same schema the embedded server
 * loads, then replaces the file atomically (a new file with the old one's owner, group and mode,
 * fsynced, renamed over it). A running server keeps what it read at its start.
 */
final class LdifEntries implements UserEntries {
    private static final String SCHEMA = "/org/mailserver/core/directory/qmail.schema.ldif";

    private final Path file;
    private final FileChannel lockChannel;
    private final String base;
    private final Schema schema;
    private final LdifText text;
    private final Set<DN> changed = new LinkedHashSet<>();

    private LdifEntries(Path file, FileChannel lockChannel, String base, Schema schema, LdifText text) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.base = base;
        this.schema = schema;
        this.text = text;
    }

    /** Locks and reads {@code ldif}; {@code base} is {@code directory.base} (empty: the top entries). */
    static LdifEntries open(Path ldif, String base) throws IOException {
        Path file = ldif.toRealPath(); // a symbolic link stays one: the file it points to is replaced
        Schema schema = schema();
        FileChannel lock = FileChannel.open(file.resolveSibling("." + file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock.lock(); // waits for another command on the same file; released when the channel closes
            LdifText text = LdifText.parse(Files.readString(file, StandardCharsets.UTF_8));
            text.entries(); // refuse to touch a file that does not parse
            return new LdifEntries(file, lock, base, schema, text);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<DN> bases() throws IOException {
        if (!base.isEmpty()) {
            return List.of(dn(base));
        }
        Set<DN> all = new HashSet<>();
        for (Entry e : text.entries()) {
            all.add(LdifText.parsedDn(e));
        }
        List<DN> top = new ArrayList<>();
        for (Entry e : text.entries()) {
            DN dn = LdifText.parsedDn(e);
            if (dn.getParent() == null || !all.contains(dn.getParent())) {
                top.add(dn);
            }
        }
        return top;
    }

    @Override
    public List<Entry> search(Filter filter, String... attributes) throws IOException {
        List<Entry> found = new ArrayList<>();
        List<DN> bases = bases();
        try {
            for (Entry e : text.entries()) {
                DN dn = LdifText.parsedDn(e);
                if (bases.stream().anyMatch(b -> dn.isDescendantOf(b, true)) && filter.matchesEntry(e, schema)) {
                    found.add(e);
                }
            }
        } catch (LDAPException e) {
            throw new IOException("filter " + filter + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public void add(Entry entry) throws IOException {
        DN dn = LdifText.parsedDn(entry);
        boolean parentFound = false;
        for (Entry e : text.entries()) {
            DN other = LdifText.parsedDn(e);
            if (other.equals(dn)) {
                throw new IOException(file + " already has an entry " + dn);
            }
            parentFound |= other.equals(dn.getParent());
        }
        if (!parentFound) {
            throw new IOException(file + " has no entry " + dn.getParent() + " to hold " + dn);
        }
        text.append(entry);
        changed.add(dn);
    }

    @Override
    public void replace(DN dn, String attribute, String value) throws IOException {
        text.replace(dn, attribute, value);
        changed.add(dn);
    }

    @Override
    public void commit() throws IOException {
        if (changed.isEmpty()) {
            return;
        }
        String content = text.text();
        EntryValidator validator = new EntryValidator(schema);
        validator.setCheckMissingSuperiorObjectClasses(false); // as the embedded server: the shipped file omits them
        for (Entry e : LdifText.parse(content).entries()) {
            List<String> reasons = new ArrayList<>();
            if (changed.contains(LdifText.parsedDn(e)) && !validator.entryIsValid(e, reasons)) {
                throw new IOException("the new " + e.getDN() + " would not load: " + String.join("; ", reasons)
                        + " (" + file + " is unchanged)");
            }
        }
        write(content);
    }

    @Override
    public String afterChange() {
        return file + " rewritten. The running server reads it at start and at a reload: apply it with "
                + "systemctl reload mailserver (or kill -HUP its process).";
    }

    @Override
    public void close() throws IOException {
        lockChannel.close();
    }

    /** A temporary file beside the LDIF, with its owner, group and mode, fsynced, renamed over it. */
    private void write(String content) throws IOException {
        Path dir = file.getParent();
        PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp"); // mode 0600 meanwhile
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            PosixFileAttributes now = view.readAttributes();
            if (!now.owner().equals(old.owner())) {
                view.setOwner(old.owner()); // only root may: others keep their own files anyway
            }
            if (!now.group().equals(old.group())) {
                view.setGroup(old.group());
            }
            view.setPermissions(old.permissions());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot replace " + file + " (it is unchanged): " + e, e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself is durable only once the directory is
        }
    }

    private static Schema schema() throws IOException {
        try (InputStream in = LdifEntries.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IOException("classpath resource " + SCHEMA + " is missing");
            }
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(in));
        } catch (LDIFException | LDAPException e) {
            throw new IOException(SCHEMA + ": " + e.getMessage(), e);
        }
    }

    private static DN dn(String value) throws IOException {
        try {
            return new DN(value);
        } catch (LDAPException e) {
            throw new IOException("'" + value + "' is not a DN: " + e.getMessage(), e);
        }
    }
}
