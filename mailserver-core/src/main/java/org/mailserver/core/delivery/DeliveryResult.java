package org.mailserver.core.delivery;

/** What became of one recipient's copy. */
public sealed interface DeliveryResult {

    /** The copy is durable (fsynced file and directory). */
    record Delivered(String storedName) implements DeliveryResult {
    }

    /** Over quota: 552 5.2.2 when permanent, 452 4.2.2 when temporary. Nothing partial stays. */
    record OverQuota(boolean permanent, String detail) implements DeliveryResult {
    }

    /** A temporary failure (disk, I/O): 451 4.3.0 or 452 4.3.1 (disk full). Nothing partial stays. */
    record TemporaryFailure(boolean diskFull, String detail) implements DeliveryResult {
    }
}
