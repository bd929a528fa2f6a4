package io.athenalake.events;

/**
 * What every message on the project's queues carries, whatever its body: its {@code type}, the
 * {@code schemaVersion} of that type, a unique {@code id} (consumers deduplicate on it) and the
 * {@code correlationId} that ties a reply or a follow-up to what caused it.
 */
public interface Message {

    String type();

    int schemaVersion();

    String id();

    String correlationId();
}
