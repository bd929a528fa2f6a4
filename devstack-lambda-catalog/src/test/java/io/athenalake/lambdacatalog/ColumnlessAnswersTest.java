package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import com.amazonaws.athena.connector.lambda.request.FederationResponse;
import com.amazonaws.athena.connector.lambda.serde.VersionedObjectMapperFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answer a connector gives to a ReadRecords request without columns, as the SDK's serde writes it. */
class ColumnlessAnswersTest {

    @Test
    void aBlockWithRowsAndNoColumnKeepsItsRowCount() throws Exception {
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl()) {
            ObjectMapper serde = VersionedObjectMapperFactory.create(allocator);
            byte[] answer = answer(serde, allocator, new Schema(List.of()), 1234);
            assertThatThrownBy(() -> serde.readValue(answer, FederationResponse.class))
                    .as("Arrow Java cannot read a record batch without a body")
                    .isInstanceOf(NullPointerException.class);
            try (ReadRecordsResponse read = (ReadRecordsResponse) ColumnlessAnswers.read(serde, answer)) {
                assertThat(read.getRecords().getRowCount()).isEqualTo(1234);
                assertThat(read.getSchema().getFields()).isEmpty();
            }
        }
    }

    @Test
    void anEmptyAnswerHasNoRows() throws Exception {
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl()) {
            ObjectMapper serde = VersionedObjectMapperFactory.create(allocator);
            try (ReadRecordsResponse read = (ReadRecordsResponse) ColumnlessAnswers.read(serde,
                    answer(serde, allocator, new Schema(List.of()), 0))) {
                assertThat(read.getRecords().getRowCount()).isZero();
            }
        }
    }

    @Test
    void columnsWhereNoneWereAskedForAreRefused() throws Exception {
        try (BlockAllocatorImpl allocator = new BlockAllocatorImpl()) {
            ObjectMapper serde = VersionedObjectMapperFactory.create(allocator);
            byte[] answer = answer(serde, allocator, new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)))), 3);
            assertThatThrownBy(() -> ColumnlessAnswers.read(serde, answer)).isInstanceOf(IOException.class)
                    .hasMessageContaining("holds 1 columns");
        }
    }

    private static byte[] answer(ObjectMapper serde, BlockAllocatorImpl allocator, Schema schema, int rows) throws Exception {
        Block block = allocator.createBlock(schema);
        for (Field field : schema.getFields()) {
            BigIntVector vector = (BigIntVector) block.getFieldVector(field.getName());
            for (int row = 0; row < rows; row++) {
                vector.setSafe(row, row);
            }
        }
        block.setRowCount(rows);
        try (ReadRecordsResponse response = new ReadRecordsResponse("minio", block)) {
            return serde.writeValueAsBytes(response);
        }
    }
}
