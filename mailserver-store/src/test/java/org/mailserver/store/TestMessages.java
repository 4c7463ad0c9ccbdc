package org.mailserver.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.User;

/** Users and messages for store tests. */
public final class TestMessages {

    private TestMessages() {
    }

    public static User user(String mail) {
        return user(mail, 0, 0);
    }

    public static User user(String mail, long quotaSize, long quotaCount) {
        String uid = mail.substring(0, mail.indexOf('@'));
        return new User("uid=" + uid + ",ou=people,dc=example,dc=test", uid, mail, List.of(), AccountStatus.ACTIVE,
                Optional.empty(), quotaSize, quotaCount, List.of(), List.of(), Optional.empty());
    }

    /** A message with CRLF line ends; {@code \n} in the text becomes CRLF. */
    public static MessageSource message(String text) {
        return bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public static MessageSource bytes(byte[] content) {
        return new MessageSource() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }
        };
    }

    /** A message of {@code n} octets made of numbered lines. */
    public static MessageSource sized(int n) {
        StringBuilder text = new StringBuilder("Subject: sized\r\n\r\n");
        while (text.length() < n) {
            text.append("line ").append(text.length()).append("\r\n");
        }
        text.setLength(n);
        return bytes(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    public static String text(InputStream in) throws IOException {
        return new String(read(in), StandardCharsets.UTF_8);
    }

    public static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
