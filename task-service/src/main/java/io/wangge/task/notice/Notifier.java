package io.wangge.task.notice;

import java.net.URI;

/**
 * A channel a notice goes out by. The webhook adapter is the one there is; others (SMS, an app's push) can be added
 * beside it, or outside the service from the {@code wangge.notice.raised.v1} events.
 */
public interface Notifier {

    /** Delivers a notice's text to a channel address; throws {@link Refused} when it did not arrive. */
    void send(URI address, String text) throws Refused;

    /** The channel did not take the notice: down, too slow, or it answered with an error. */
    final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }
}
