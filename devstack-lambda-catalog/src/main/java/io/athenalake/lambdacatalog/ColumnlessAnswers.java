package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import com.amazonaws.athena.connector.lambda.request.FederationResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;

/**
 * ReadRecords answers for a request that projects no column ({@code count(*)}, {@code SELECT 1 FROM t}). The
 * connector answers with a record batch that has a length and no column — valid Arrow IPC, and what the SDK's own
 * JDBC connectors send for an empty projection (they run {@code SELECT null FROM …}), which Athena reads — but Arrow
 * Java's message reader fails on a record batch without a body ({@code NullPointerException}). The row count is read
 * from the batch's header instead, and the block is built without it.
 */
final class ColumnlessAnswers {

    /** Writes the edited tree back: the SDK's mapper serializes only protocol objects. */
    private static final ObjectMapper TREE = new ObjectMapper();

    private ColumnlessAnswers() {
    }

    /** The answer as the SDK's serde reads it, with the row count of a column-less inline block restored. */
    static FederationResponse read(ObjectMapper serde, byte[] payload) throws IOException {
        JsonNode root = serde.readTree(payload);
        JsonNode block = root.path("records");
        if (!"ReadRecordsResponse".equals(root.path("@type").asText()) || !block.isObject() || !block.path("records").isTextual()) {
            return serde.readValue(payload, FederationResponse.class);
        }
        byte[] batch = block.path("records").binaryValue();
        long rows = batch.length == 0 ? 0 : rowCount(batch);
        ((ObjectNode) block).put("records", "");
        ReadRecordsResponse response = (ReadRecordsResponse) serde.readValue(TREE.writeValueAsBytes(root), FederationResponse.class);
        if (!response.getSchema().getFields().isEmpty()) {
            try {
                response.close();
            } catch (Exception e) {
                // refused either way
            }
            throw new IOException("the answer to a request without columns has the columns " + response.getSchema().getFields());
        }
        response.getRecords().setRowCount(Math.toIntExact(rows));
        return response;
    }

    /** The length of a serialized record batch that has no buffers. */
    static long rowCount(byte[] batch) throws IOException {
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(Channels.newChannel(new ByteArrayInputStream(batch))));
        if (message == null || message.getMessage().headerType() != MessageHeader.RecordBatch) {
            throw new IOException("the records are not an Arrow record batch");
        }
        RecordBatch header = (RecordBatch) message.getMessage().header(new RecordBatch());
        if (header.buffersLength() > 0 || header.nodesLength() > 0) {
            throw new IOException("the answer to a request without columns holds " + header.nodesLength() + " columns");
        }
        return header.length();
    }
}
