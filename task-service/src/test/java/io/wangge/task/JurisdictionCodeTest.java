package io.wangge.task;

import org.junit.jupiter.api.Test;

import static io.wangge.task.service.IntakeService.sameJurisdiction;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hotline set up before towns had 12 digits still names its town by the 9 it was given. */
class JurisdictionCodeTest {

    @Test
    void aNineDigitTownCodeNamesTheTownItsTwelveDigitsName() {
        assertTrue(sameJurisdiction("610431104000", "610431104000"));
        assertTrue(sameJurisdiction("610431104", "610431104000"));
        assertFalse(sameJurisdiction("610431105", "610431104000"));
        assertFalse(sameJurisdiction("610431104201", "610431104000"));
        assertFalse(sameJurisdiction("61043110", "610431104000"));
    }
}
