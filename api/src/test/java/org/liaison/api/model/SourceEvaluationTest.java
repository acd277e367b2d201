package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.liaison.api.model.Fixtures.assertRejected;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceEvaluationTest {

    @Test
    void everyCodeReadsBack() {
        int count = 0;
        for (char reliability = 'A'; reliability <= 'F'; reliability++) {
            for (int credibility = 1; credibility <= 6; credibility++) {
                SourceEvaluation evaluation = SourceEvaluation.of(reliability, credibility);
                String code = "" + reliability + credibility;
                assertEquals(code, evaluation.code());
                assertEquals(code, evaluation.toString());
                assertEquals(evaluation, SourceEvaluation.parse(code));
                count++;
            }
        }
        assertEquals(36, count);
    }

    @Test
    void partsAreExposed() {
        SourceEvaluation b2 = SourceEvaluation.parse("B2");
        assertEquals('B', b2.sourceReliability());
        assertEquals(2, b2.informationCredibility());
        assertEquals(b2, b2.toBuilder().build());
        assertEquals(b2.hashCode(), SourceEvaluation.of('B', 2).hashCode());
        assertNotEquals(b2, SourceEvaluation.of('B', 3));
        assertNotEquals(b2, SourceEvaluation.of('C', 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "B", "b2", "G1", "A0", "A7", "B22", " B2", "2B"})
    void parseRejectsMalformedCodes(String code) {
        assertRejected(() -> SourceEvaluation.parse(code), "SourceEvaluation", "'" + code + "'", "A-F", "1-6");
    }

    @Test
    void parseRejectsNull() {
        assertRejected(() -> SourceEvaluation.parse(null), "SourceEvaluation", "nothing");
    }

    @Test
    void builderRejectsOutOfRangeParts() {
        assertRejected(() -> SourceEvaluation.of('G', 1), "'sourceReliability'", "A to F", "'G'");
        assertRejected(() -> SourceEvaluation.of('A', 7), "'informationCredibility'", "1 to 6", "7");
        assertRejected(() -> SourceEvaluation.builder().informationCredibility(1).build(), "'sourceReliability'");
        assertRejected(() -> SourceEvaluation.builder().sourceReliability('A').build(), "'informationCredibility'",
                "got 0");
    }
}
