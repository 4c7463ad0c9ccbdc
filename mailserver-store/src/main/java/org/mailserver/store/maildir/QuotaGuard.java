package org.mailserver.store.maildir;

import java.util.function.LongSupplier;
import org.mailserver.core.delivery.DeliveryResult.OverQuota;
import org.mailserver.core.directory.User;

/**
 * A mailbox's quota check. Deliveries in flight reserve their size, so concurrent deliveries cannot
 * together overshoot what each alone would fit; a reservation is released after the delivered
 * message is counted in its folder (for a moment it counts twice, never zero times).
 */
final class QuotaGuard {

    private long reservedBytes;
    private long reservedCount;

    /** Whether {@code size} octets more fit; null if so. Size 0 (unknown) fits if the mailbox is not full. */
    static OverQuota check(User user, long size, long usedBytes, long usedCount) {
        if (user.quotaSize() > 0) {
            if (size > user.quotaSize()) {
                return new OverQuota(true, "message of " + size + " octets exceeds the quota of " + user.quotaSize());
            }
            if (usedBytes + Math.max(size, 1) > user.quotaSize()) {
                return new OverQuota(false, "mailbox full: " + usedBytes + " of " + user.quotaSize() + " octets used");
            }
        }
        if (user.quotaCount() > 0 && usedCount + 1 > user.quotaCount()) {
            return new OverQuota(false, "mailbox full: " + usedCount + " of " + user.quotaCount() + " messages");
        }
        return null;
    }

    /** Checks and, if it fits, reserves; the caller must {@link #release} after delivering or failing. */
    synchronized OverQuota reserve(User user, long size, LongSupplier usedBytes, LongSupplier usedCount) {
        OverQuota over = check(user, size, usedBytes.getAsLong() + reservedBytes, usedCount.getAsLong() + reservedCount);
        if (over == null) {
            reservedBytes += size;
            reservedCount++;
        }
        return over;
    }

    synchronized void release(long size) {
        reservedBytes -= size;
        reservedCount--;
    }
}
