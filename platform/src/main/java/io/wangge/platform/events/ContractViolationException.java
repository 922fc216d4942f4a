package io.wangge.platform.events;

/** Thrown when code records an event that the published contract does not describe, or that breaks its schema. */
public class ContractViolationException extends IllegalArgumentException {

    public ContractViolationException(String message) {
        super(message);
    }
}
