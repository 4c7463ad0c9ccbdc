package org.mailserver.core.config;

import static org.mailserver.core.config.ConfigKey.key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key the server knows, in the order of {@code conf/mailserver.conf}. */
public final class ConfigKeys {

    public static final List<ConfigKey> ALL = List.of(
            key("server.hostname", "", "Name used in greetings and Received: headers; empty means this machine's name."),
            key("domains", "example.test", "Local mail domains, comma-separated."),
            key("data.dir", "data", "Directory holding everything the server keeps (mailstore, spool, state, generated TLS key)."),
            key("mailstore.path", "", "Maildir root per user: %d domain, %n local part, %u uid; empty means <data.dir>/mail/%d/%n."),

            key("directory.ldif", "conf/users.ldif", "LDIF loaded into the embedded LDAP directory when directory.url is empty."),
            key("directory.url", "", "External LDAP server(s), ldap:// or ldaps://, comma-separated; later ones are failovers."),
            key("directory.starttls", "false", "Use StartTLS on ldap:// connections."),
            key("directory.tls.trust", "", "PEM file of CA certificates trusted for ldaps/StartTLS; empty means the JVM's defaults."),
            key("directory.bind.dn", "", "DN the server binds as for searches; empty means anonymous."),
            key("directory.bind.password", "", "Password for directory.bind.dn."),
            key("directory.base", "", "Search base for users; empty means the naming contexts the server announces (for the embedded one: the LDIF's top entries)."),
            key("directory.pool.size", "8", "LDAP connections kept open per server."),
            key("directory.timeout", "5s", "Connect and response timeout for LDAP operations."),
            key("directory.filter.user", "(&(objectClass=qmailUser)(|(mail=%s)(mailAlternateAddress=%s)))", "Filter finding the owner of an address; %s is the escaped address."),
            key("directory.filter.login", "(&(objectClass=qmailUser)(|(uid=%s)(mail=%s)(mailAlternateAddress=%s)))", "Filter finding a user by login name; %s is the escaped login."),
            key("directory.attr.uid", "uid", "Attribute holding the login name."),
            key("directory.attr.mail", "mail", "Attribute holding the primary address."),
            key("directory.attr.alternate", "mailAlternateAddress", "Attribute holding further addresses."),
            key("directory.attr.status", "accountStatus", "Attribute holding the account status (active, noaccess, disabled, deleted)."),
            key("directory.attr.host", "mailHost", "Attribute naming the node that holds the mailbox."),
            key("directory.attr.quota_size", "mailQuotaSize", "Attribute holding the quota in bytes."),
            key("directory.attr.quota_count", "mailQuotaCount", "Attribute holding the quota in messages."),
            key("directory.attr.forward", "mailForwardingAddress", "Attribute holding forwarding addresses."),
            key("directory.attr.delivery_mode", "deliveryMode", "Attribute holding qmail-ldap delivery modes."),
            key("directory.attr.reply_text", "mailReplyText", "Attribute holding the auto-reply text."),
            key("directory.cache.ttl", "60s", "How long a found user is cached."),
            key("directory.cache.negative_ttl", "10s", "How long an unknown address is cached."),
            key("directory.cache.auth_ttl", "60s", "How long a successful login is cached (as a salted hash, never the password)."),
            key("directory.cache.size", "10000", "Most entries in each directory cache."),

            key("tls.cert", "", "PEM certificate chain; with tls.key empty too, a self-signed pair is generated in <data.dir>/tls."),
            key("tls.key", "", "PEM private key (PKCS#8) for tls.cert."),

            key("smtp.listen", "0.0.0.0:25", "host:port of the MX listener; empty turns it off."),
            key("submission.listen", "0.0.0.0:587", "host:port of the submission listener (STARTTLS); empty turns it off."),
            key("submissions.listen", "0.0.0.0:465", "host:port of the submission listener with implicit TLS; empty turns it off."),
            key("lmtp.listen", "127.0.0.1:24", "host:port of the LMTP listener; empty turns it off."),
            key("imap.listen", "0.0.0.0:143", "host:port of the IMAP listener; empty turns it off."),
            key("imaps.listen", "0.0.0.0:993", "host:port of the IMAP listener with implicit TLS; empty turns it off."),
            key("pop3.listen", "0.0.0.0:110", "host:port of the POP3 listener; empty turns it off."),
            key("pop3s.listen", "0.0.0.0:995", "host:port of the POP3 listener with implicit TLS; empty turns it off."),

            key("limits.connections", "1000", "Most connections at once on each listener."),
            key("limits.connections_per_address", "50", "Most connections at once from one client address on each listener."),
            key("smtp.idle_timeout", "5m", "Idle time before an SMTP or LMTP client is disconnected (RFC 5321 4.5.3.2)."),
            key("pop3.idle_timeout", "10m", "Idle time before a POP3 client is disconnected (RFC 1939 3)."),
            key("imap.idle_timeout", "30m", "Idle time before an IMAP client is disconnected (RFC 3501 5.4)."),
            key("pop3.max_line_length", "1024", "Longest POP3 command line in octets (RFC 2449 asks for at least 255)."),
            key("imap.max_line_length", "65536", "Longest IMAP command line in octets, literals not counted (RFC 7162 4 asks for at least 8192)."),
            key("imap.append_limit", "52428800", "Largest message APPEND accepts, in bytes; advertised as APPENDLIMIT (RFC 7889)."),
            key("imap.idle_poll", "10s", "How often an IDLE session rescans its folder for changes by other programs; this server's own are pushed at once."),
            key("auth.plaintext", "false", "Allow IMAP LOGIN/AUTHENTICATE and POP3 USER/AUTH without TLS from non-loopback clients (RFC 8314 advises against); SMTP AUTH is TLS-only regardless."),
            key("smtp.max_message_size", "52428800", "Largest message in bytes, advertised in SIZE; applies to LMTP too."),
            key("spool.memory_threshold", "65536", "Messages larger than this many bytes are spooled to disk while received."),
            key("auth.failure_delay", "1s", "Delay added to the answer after each failed login from one address."),
            key("auth.failure_delay_max", "15s", "Longest such delay."),
            key("auth.failure_window", "15m", "Failed logins from an address, or for a login name, are forgotten after this long without one."),
            key("auth.lockout_failures", "10", "Failed logins from one address within auth.failure_window that lock the address out of every protocol for auth.lockout_time; 0 turns it off."),
            key("auth.lockout_user_failures", "20", "Failed logins for one login name, from any addresses, that lock that name for auth.lockout_time against the addresses that failed; 0 turns it off."),
            key("auth.lockout_time", "15m", "How long a lockout lasts; attempts during it are refused with a temporary error without checking the password."),
            key("auth.lockout_exempt", "127.0.0.0/8, ::1", "Networks (CIDR, comma-separated) never locked out by address, such as a webmail or proxy that logs in for many users; their failures still count per login name."),
            key("executor.threads", "32", "Threads for blocking work (LDAP, file I/O, fsync)."),
            key("executor.queue", "10000", "Blocking tasks that may wait for a thread before new work is refused with a temporary error."),
            key("shutdown.grace", "30s", "On SIGTERM, how long transactions in flight may take to finish."),

            key("smtp.trusted_networks", "", "Networks (CIDR, comma-separated) allowed to relay without authentication."),
            key("relay.transport_maps", "", "Postfix-style transport file: domain  smtp:[host]:port."),
            key("queue.retry_intervals", "1m,5m,15m,30m,1h,2h,4h", "Outbound retry schedule; the last interval repeats."),
            key("queue.max_age", "5d", "When an undeliverable outbound message is bounced."),
            key("dns.servers", "", "host:port of DNS resolvers for MX and other lookups, comma-separated; empty means the system's."),
            key("filter.rbl.zones", "", "DNSBL zones for the client address, comma-separated, in Postfix's postscreen syntax: zone[=127.0.0.[2..11]][*weight]."),
            key("filter.rbl.threshold", "1", "Sum of the weights of listing zones from which a client is rejected."),
            key("filter.rhsbl.zones", "", "RHSBL zones for the sender's domain and HELO name, same syntax as filter.rbl.zones; any listing rejects."),
            key("filter.rbl.timeout", "5s", "The most a DNSBL or RHSBL check waits for the DNS (all zones at once); an answer not in by then counts as not listed."),
            key("filter.spf", "false", "SPF (RFC 7208) on the MX: checks the MAIL FROM and HELO identities and adds Received-SPF and Authentication-Results headers."),
            key("filter.spf.reject_fail", "true", "Refuse mail whose SPF result is fail (550 5.7.23); false only records the result."),
            key("filter.spf.defer_temperror", "false", "Defer mail whose SPF check fails temporarily (451 4.7.24); false only records the result."),
            key("filter.spf.timeout", "5s", "How long the SPF checks of one MAIL command may wait for the DNS; after that the result is temperror."),
            key("filter.header_checks", "", "Postfix regexp: map applied to message headers and MIME part headers."),
            key("filter.mime_header_checks", "", "Postfix regexp: map applied to MIME part headers only."),
            key("filter.body_checks", "", "Postfix regexp: map applied to body lines."),
            key("filter.date.max_past", "30d", "A Date: header older than this is rejected; 0 turns the check off."),
            key("filter.date.max_future", "1d", "A Date: header further ahead than this is rejected; 0 turns the check off."),
            key("filter.spamd", "", "SpamAssassin spamd host:port; empty turns content scoring off."),
            key("filter.spamd.tag_score", "5.0", "Score from which X-Spam-Flag: YES is added."),
            key("filter.spamd.reject_score", "10.0", "Score from which a message is refused (550 5.7.1)."),
            key("filter.spamd.max_size", "524288", "Messages larger than this many bytes are not scored."),
            key("filter.spamd.timeout", "30s", "How long spamd may take before the message is deferred."),
            key("filter.spamd.on_failure", "defer", "When spamd cannot be reached or times out: defer (451 4.7.1) or accept (unscored)."),
            key("filter.clamd", "", "ClamAV clamd host:port; empty turns virus scanning off."),
            key("filter.clamd.max_size", "26214400", "Messages larger than this many bytes are not scanned (clamd's StreamMaxLength must allow it)."),
            key("filter.clamd.timeout", "60s", "How long clamd may take before the message is deferred."),
            key("filter.clamd.on_failure", "defer", "When clamd cannot be reached or times out: defer (451 4.7.1) or accept (unscanned)."),
            key("filter.greylist", "false", "Greylisting on the MX."),
            key("filter.greylist.delay", "5m", "Minimum delay before a greylisted sender's retry is accepted."),
            key("filter.greylist.retry_window", "2d", "How long after the first attempt a retry still counts."),
            key("filter.greylist.expire", "35d", "How long an accepted triplet is remembered without new mail."),
            key("filter.greylist.whitelist", "", "Client networks (CIDR) and sender domains never greylisted, comma-separated."),
            key("filter.rate.connections", "0", "Connections one client address may open per minute on the MX; 0 turns the limit off."),
            key("filter.rate.messages", "0", "Messages one client address may send per minute on the MX; 0 turns the limit off."),
            key("metrics.listen", "", "host:port of the HTTP endpoint serving Prometheus metrics at /metrics; empty turns it off."));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey k : ALL) {
            BY_NAME.put(k.name(), k);
        }
    }

    private ConfigKeys() {
    }

    /** The key of this name, or null. */
    public static ConfigKey get(String name) {
        return BY_NAME.get(name);
    }
}
