/**
 * The events each service publishes, declared once: a class per topic with its owner, every type name on it and
 * the typed records its consumers read. Producers name their events from here, consumers translate an event's data
 * into these records ({@link io.wangge.platform.events.InboundEvent#as}); {@code EventTypesTest} holds each class
 * to the AsyncAPI contract (the same types per topic, every record field a property of the schemas it is read from).
 */
package io.wangge.platform.events.types;
