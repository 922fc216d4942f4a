package io.wangge.platform.inbox;

/**
 * An event that is not its topic's owner's to publish (another {@code ce_source}, or a type of another topic):
 * dead-lettered as {@code forged}, and never re-driven onto the topic, where county systems would read it.
 */
public class ForgedEventException extends PoisonEventException {

    public ForgedEventException(String message) {
        super(message);
    }
}
