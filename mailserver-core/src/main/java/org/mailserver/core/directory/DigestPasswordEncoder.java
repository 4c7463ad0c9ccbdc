package org.mailserver.core.directory;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded directory's {@code {SSHA}}-family and {@code {SHA}}-family password schemes, as
 * OpenLDAP (with pw-sha2) and qmail-ldap write them: {@code {SSHA}base64(SHA1(password + salt) +
 * salt)} with a salt of any length, {@code {SHA}base64(SHA1(password))}.
 *
 * <p>Ours rather than UnboundID's {@code SaltedMessageDigestInMemoryPasswordEncoder}: that one shares
 * one {@link MessageDigest} between all the server's threads without a lock, so concurrent binds
 * corrupt each other's digests and a right password is refused now and then (about 1 bind in 60 with
 * 8 at once, measured; seen as a spurious {@code NO [AUTHENTICATIONFAILED]} in the IMAP benchmark).
 * Here every check takes its own digest.
 */
final class DigestPasswordEncoder extends InMemoryPasswordEncoder {
    private static final int NEW_SALT_BYTES = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String algorithm;
    private final boolean salted;
    private final int digestLength;

    /**
     * @param scheme the name between the braces, e.g. {@code SSHA}
     * @param algorithm the JDK's name of the digest, e.g. {@code SHA-1}
     * @param salted whether the stored value carries a salt after the digest
     */
    DigestPasswordEncoder(String scheme, String algorithm, boolean salted) {
        super("{" + scheme + "}", Base64PasswordEncoderOutputFormatter.getInstance());
        this.algorithm = algorithm;
        this.salted = salted;
        this.digestLength = digest().getDigestLength();
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the standard message digest " + algorithm + " is missing", e);
        }
    }

    @Override
    protected byte[] encodePassword(byte[] clear, ReadOnlyEntry entry, List<Modification> modifications) {
        byte[] salt = new byte[salted ? NEW_SALT_BYTES : 0];
        RANDOM.nextBytes(salt);
        MessageDigest d = digest();
        d.update(clear);
        d.update(salt);
        byte[] hash = d.digest();
        byte[] encoded = Arrays.copyOf(hash, hash.length + salt.length);
        System.arraycopy(salt, 0, encoded, hash.length, salt.length);
        return encoded;
    }

    @Override
    protected void ensurePreEncodedPasswordAppearsValid(byte[] encoded, ReadOnlyEntry entry,
            List<Modification> modifications) throws LDAPException {
        boolean fits = salted ? encoded.length > digestLength : encoded.length == digestLength;
        if (!fits) {
            throw new LDAPException(ResultCode.PARAM_ERROR, getPrefix() + " value of " + encoded.length
                    + " bytes: expected " + (salted ? "more than " : "") + digestLength + " (" + algorithm
                    + (salted ? " digest and a salt)" : " digest)"));
        }
    }

    @Override
    protected boolean passwordMatches(byte[] clear, byte[] encoded, ReadOnlyEntry entry) {
        if (salted ? encoded.length <= digestLength : encoded.length != digestLength) {
            return false;
        }
        MessageDigest d = digest();
        d.update(clear);
        d.update(encoded, digestLength, encoded.length - digestLength);
        return MessageDigest.isEqual(d.digest(), Arrays.copyOf(encoded, digestLength));
    }

    @Override
    protected byte[] extractClearPassword(byte[] encoded, ReadOnlyEntry entry) throws LDAPException {
        throw new LDAPException(ResultCode.NOT_SUPPORTED, getPrefix() + " is a one-way digest");
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("DigestPasswordEncoder(prefix='").append(getPrefix()).append("', algorithm='")
                .append(algorithm).append("', salted=").append(salted).append(')');
    }
}
