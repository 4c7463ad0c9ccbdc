package org.mailserver.core.metrics;

import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;

/**
 * A {@link LocalDelivery} that times every copy (write, fsync, rename: the whole call) and counts
 * the delivered ones. One wrapper in front of the mailstore covers every way a local copy is made:
 * SMTP and LMTP at the end of data, and the outbound queue's retries.
 */
final class MeasuredDelivery implements LocalDelivery {
    private final LocalDelivery target;
    private final DeliveryMetrics metrics;

    MeasuredDelivery(LocalDelivery target, DeliveryMetrics metrics) {
        this.target = target;
        this.metrics = metrics;
    }

    @Override
    public DeliveryResult.OverQuota checkQuota(User user, long size) {
        return target.checkQuota(user, size);
    }

    @Override
    public DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
        long start = System.nanoTime();
        DeliveryResult r;
        try {
            r = target.deliver(user, prefix, message);
        } finally {
            metrics.time().observeSince(start);
        }
        if (r instanceof DeliveryResult.Delivered) {
            metrics.delivered();
        }
        return r;
    }
}
