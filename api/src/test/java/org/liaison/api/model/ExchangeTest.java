package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.assertRejected;
import static org.liaison.api.model.Fixtures.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.RecordType;

class ExchangeTest {

    private static Person person(String id) {
        return Person.builder().id(id).name(PersonName.builder().fullName("John Smith").build()).build();
    }

    @Test
    void buildsAValidExchange() {
        Exchange exchange = exchange().recipients("unpol", "unodc").records(person("P-1"), person("P-2")).build();
        assertEquals(List.of("unpol", "unodc"), exchange.recipients(), "recipients keep the sender's order");
        assertEquals(2, exchange.records().size());
        assertEquals(RecordType.PERSON, exchange.records().get(0).type());
        assertEquals(Optional.empty(), exchange.originator());
        assertEquals(Optional.empty(), exchange.evaluation());
        assertEquals("Exchange[x-42 interpol -> [unpol, unodc], information-exchange/peacekeeping-operations, "
                + "TLP:AMBER, 2 records]", exchange.toString());
    }

    @Test
    void anExchangeMayCarryNoRecords() {
        assertTrue(exchange().build().records().isEmpty());
    }

    @Test
    void rejectsTheSenderAmongTheRecipients() {
        assertRejected(() -> exchange().recipients("unpol", "interpol").build(), "Exchange 'x-42'",
                "'recipients'", "must not include the sender 'interpol'", "[unpol, interpol]");
    }

    @Test
    void rejectsDuplicateOrMissingRecipients() {
        assertRejected(() -> exchange().recipients("unpol", "unodc", "unpol").build(), "'recipients'",
                "'unpol' twice");
        assertRejected(() -> exchange().recipients().build(), "'recipients'", "at least one", "got []");
        assertRejected(() -> exchange().recipients((List<String>) null).build(), "'recipients'", "at least one");
        assertRejected(() -> exchange().recipients("UNPOL").build(), "'recipients'", "'UNPOL'");
        assertRejected(() -> exchange().recipients("unpol", null).build(), "'recipients'", "null");
    }

    @Test
    void originatorMustDifferFromTheSender() {
        assertEquals(Optional.of("europol"), exchange().originator("europol").build().originator());
        assertRejected(() -> exchange().originator("interpol").build(), "'originator'", "differ from the sender");
        assertRejected(() -> exchange().originator("Europol").build(), "'originator'", "'Europol'");
    }

    @Test
    void rejectsMissingOrMalformedFields() {
        assertRejected(() -> exchange().id(" ").build(), "'id'", "blank");
        assertRejected(() -> exchange().id(null).build(), "Exchange: field 'id' is required");
        assertRejected(() -> exchange().sender(null).build(), "'sender'", "required");
        assertRejected(() -> exchange().area(null).build(), "'area'", "required");
        assertRejected(() -> exchange().purpose("Peacekeeping operations").build(), "'purpose'",
                "'Peacekeeping operations'");
        assertRejected(() -> exchange().marking(null).build(), "'marking'", "required");
        assertRejected(() -> exchange().createdAt(null).build(), "'createdAt'", "required");
        assertRejected(() -> exchange().project("Crimjust").build(), "'project'", "'Crimjust'");
        assertRejected(() -> exchange().records(person("P-1"), null).build(), "'records'", "null");
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<String> recipients = new ArrayList<>(List.of("unpol"));
        Exchange exchange = exchange().recipients(recipients).build();
        recipients.add("unodc");
        assertEquals(List.of("unpol"), exchange.recipients());
        assertThrows(UnsupportedOperationException.class, () -> exchange.recipients().add("unodc"));
        assertThrows(UnsupportedOperationException.class, () -> exchange.records().add(person("P-3")));
    }

    @Test
    void toBuilderRoundTripAndValueSemantics() {
        Exchange exchange = exchange()
                .originator("europol")
                .evaluation(SourceEvaluation.parse("B2"))
                .project("crimjust")
                .records(person("P-1"))
                .build();
        assertEquals(exchange, exchange.toBuilder().build());
        assertEquals(exchange.hashCode(), exchange.toBuilder().build().hashCode());
        assertNotEquals(exchange, exchange.toBuilder().records(person("P-2")).build());
        assertNotEquals(exchange, exchange.toBuilder().recipients("unodc").build());
        assertNotEquals(exchange, exchange.toBuilder().evaluation(SourceEvaluation.parse("B3")).build());
    }
}
