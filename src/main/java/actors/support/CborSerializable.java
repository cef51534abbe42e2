package actors.support;

/**
 * Marks a message, event or state that may leave the JVM (a journal row, a message to another
 * node): {@code application.conf} binds it to Pekko's {@code jackson-cbor} serializer. Records
 * serialize as they are; an {@code ActorRef} field is written as its path.
 *
 * <p>Java serialization is off in Pekko, so a message without this marker fails when it is first
 * stored or sent, and a test run with {@code pekko.actor.serialize-messages = on} catches it before
 * production does.
 */
public interface CborSerializable {}
