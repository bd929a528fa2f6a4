package io.athenalake.export.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.events.Message;
import io.athenalake.export.config.ExportServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;

/**
 * Sends the lake events to {@code lake-events}, synchronously: an event counts as announced only
 * when SQS has it, before the step that caused it is recorded or the incoming event acknowledged.
 * Message ids are derived from the export, so a repeated announcement carries the same id.
 */
@ApplicationScoped
public class LakeEventsPublisher {

    private static final Logger LOG = Logger.getLogger(LakeEventsPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final SqsClient sqs;
    private final String queueUrl;

    LakeEventsPublisher(SqsClient sqs, ExportServiceConfig config) {
        this.sqs = sqs;
        this.queueUrl = config.lakeEventsQueueUrl();
    }

    public void publish(Message message) {
        String body;
        try {
            body = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message.type(), e);
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                "type", MessageAttributeValue.builder().dataType("String").stringValue(message.type()).build())));
        LOG.infof("announced %s %s on lake-events", message.type(), message.id());
    }
}
