package io.athenalake.sqs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one envelope reader's answers and refusals (pure logic, no stack). */
class EnvelopesTest {

    @Test
    void readsAnAthenaLakeMessage() {
        Envelopes.Envelope envelope = Envelopes.message(
                "{\"type\":\"CatalogRefreshed\",\"schemaVersion\":1,\"id\":\"c-1\",\"database\":\"lake\"}");
        assertThat(envelope.type()).isEqualTo("CatalogRefreshed");
        assertThat(envelope.id()).isEqualTo("c-1");
        assertThat(envelope.schemaVersion()).isEqualTo(1);
        assertThat(envelope.body().path("database").asText()).isEqualTo("lake");
    }

    @Test
    void refusesWhatIsNotOneAndSaysWhy() {
        assertThatThrownBy(() -> Envelopes.message("not json")).isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("body is not JSON");
        assertThatThrownBy(() -> Envelopes.message("")).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> Envelopes.message(null)).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> Envelopes.message("[1,2]")).hasMessage("body is not a JSON object");
        assertThatThrownBy(() -> Envelopes.message("{\"id\":42,\"schemaVersion\":1}"))
                .hasMessageStartingWith("body is not an athena-lake message: type is missing");
        assertThatThrownBy(() -> Envelopes.message("{\"type\":\"X\",\"id\":\" \",\"schemaVersion\":1}"))
                .hasMessageStartingWith("body is not an athena-lake message: id is missing");
        assertThatThrownBy(() -> Envelopes.message("{\"type\":\"X\",\"id\":\"a\"}"))
                .hasMessageStartingWith("body is not an athena-lake message: schemaVersion is missing");
        assertThatThrownBy(() -> Envelopes.message("{\"type\":\"X\",\"id\":\"a\",\"schemaVersion\":\"1\"}"))
                .hasMessageStartingWith("body is not an athena-lake message: schemaVersion");
        assertThatThrownBy(() -> Envelopes.message("{\"type\":\"X\",\"id\":\"a\",\"schemaVersion\":0}"))
                .hasMessageStartingWith("body is not an athena-lake message: schemaVersion");
        assertThatThrownBy(() -> Envelopes.message("{\"type\":\"X\",\"id\":\"a\",\"schemaVersion\":1.5}"))
                .hasMessageStartingWith("body is not an athena-lake message: schemaVersion");
    }

    @Test
    void textIsNullWhenAbsentBlankOrNotText() {
        var tree = Envelopes.object("{\"a\":\"x\",\"b\":\" \",\"c\":3}");
        assertThat(Envelopes.text(tree, "a")).isEqualTo("x");
        assertThat(Envelopes.text(tree, "b")).isNull();
        assertThat(Envelopes.text(tree, "c")).isNull();
        assertThat(Envelopes.text(tree, "d")).isNull();
    }

    @Test
    void sqsIdsAreTheValueOrItsHash() {
        assertThat(Publisher.sqsId("nation-count@1764748800")).isEqualTo("nation-count@1764748800");
        assertThat(Publisher.sqsId("naïve schedule")).hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo(Publisher.sqsId("naïve schedule"));
        assertThat(Publisher.sqsId("x".repeat(129))).hasSize(64);
    }
}
