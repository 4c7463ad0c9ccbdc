package org.mailserver.smtp.queue;

import java.util.List;

/** Some pending recipients of one message, taken by one delivery job. */
record Work(QueuedMessage message, List<Integer> recipients) {
    Work {
        recipients = List.copyOf(recipients);
    }
}
