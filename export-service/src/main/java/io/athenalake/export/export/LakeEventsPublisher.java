package io.athenalake.export.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.events.Message;
import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.sqs.Publisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends the lake events to {@code lake-events} through the SQS edge's {@link Publisher}, synchronously: an event
 * counts as announced only when SQS has it, before the step that caused it is recorded or the incoming event
 * deleted. Message ids are derived from the export, so a repeated announcement carries the same id.
 */
@ApplicationScoped
public class LakeEventsPublisher {

    private static final Logger LOG = Logger.getLogger(LakeEventsPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Publisher publisher;
    private final String queueUrl;

    LakeEventsPublisher(SqsClient sqs, ExportServiceConfig config) {
        this.publisher = new Publisher(sqs, JSON);
        this.queueUrl = config.lakeEventsQueueUrl();
    }

    public void publish(Message message) {
        publisher.publish(queueUrl, message);
        LOG.infof("announced %s %s on lake-events", message.type(), message.id());
    }
}
