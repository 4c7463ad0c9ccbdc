package org.mailserver.core.filter.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.core.filter.spf.SpfResult.NEUTRAL;
import static org.mailserver.core.filter.spf.SpfResult.PASS;
import static org.mailserver.core.filter.spf.SpfResult.PERMERROR;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processing limits of RFC 7208 4.6.4 against a real DNS server; cases from the openspf/pyspf suite. */
class SpfLimitsTest {
    private SpfTestZone zone;

    @BeforeEach
    void start() throws Exception {
        zone = new SpfTestZone();
        zone.a("mail.example.com", "1.2.3.4");
    }

    @AfterEach
    void stop() {
        zone.close();
    }

    private void assertResult(SpfResult expected, String ip, String mailFrom) throws Exception {
        assertEquals(expected, zone.result(ip, mailFrom), ip + " " + mailFrom);
    }

    @Test
    void redirectAndIncludeLoopsEndAtTenLookups() throws Exception {
        zone.txt("e1.example.com", "v=spf1 ip4:1.1.1.1 redirect=e1.example.com").a("e1.example.com", "1.2.3.6")
                .txt("e2.example.com", "v=spf1 include:e3.example.com").a("e2.example.com", "1.2.3.7")
                .txt("e3.example.com", "v=spf1 include:e2.example.com").a("e3.example.com", "1.2.3.8");
        SpfOutcome o = zone.check("1.2.3.4", "foo@e1.example.com", "mail.example.com");
        assertEquals(PERMERROR, o.result()); // redirect-loop (4.6.4/1)
        assertTrue(o.problem().contains("more than 10 DNS-querying terms"), o.problem());
        assertResult(PERMERROR, "1.2.3.4", "foo@e2.example.com"); // include-loop
    }

    @Test
    void tenDnsMechanismsAreAllowedAndTheEleventhIsAPermerror() throws Exception {
        zone.txt("e6.example.com", "v=spf1 a mx a mx a mx a mx a ptr ip4:1.2.3.4 -all").a("e6.example.com", "1.2.3.8")
                .mx("e6.example.com", 10, "e6.example.com")
                .txt("e7.example.com", "v=spf1 a mx a mx a mx a mx a ptr a ip4:1.2.3.4 -all").a("e7.example.com", "1.2.3.20")
                .txt("e8.example.com", "v=spf1 a include:inc.example.com ip4:1.2.3.4 mx -all").a("e8.example.com", "1.2.3.4")
                .txt("inc.example.com", "v=spf1 a a a a a a a a").a("inc.example.com", "1.2.3.10")
                .txt("e9.example.com", "v=spf1 a include:inc.example.com a ip4:1.2.3.4 -all").a("e9.example.com", "1.2.3.21");
        assertResult(PASS, "1.2.3.4", "foo@e6.example.com"); // mech-at-limit
        assertResult(PERMERROR, "1.2.3.4", "foo@e7.example.com"); // mech-over-limit
        assertResult(PASS, "1.2.3.4", "foo@e8.example.com"); // include-at-limit
        assertResult(PERMERROR, "1.2.3.4", "foo@e9.example.com"); // include-over-limit
    }

    @Test
    void moreThanTenMxRecordsIsAPermerrorButPtrNamesAreCutAtTen() throws Exception {
        zone.txt("e4.example.com", "v=spf1 mx").a("e4.example.com", "1.2.3.5");
        for (int i = 0; i < 10; i++) {
            zone.mx("e4.example.com", i, "mail.example.com");
        }
        zone.mx("e4.example.com", 10, "e4.example.com");
        assertResult(PERMERROR, "1.2.3.5", "foo@e4.example.com"); // mx-limit (4.6.4/2)
        zone.txt("e5.example.com", "v=spf1 ptr").a("e5.example.com", "1.2.3.5");
        zone.ptr("1.2.3.5", "e1.example.com", "e2.example.com", "e3.example.com", "e4.example.com", "example.com",
                "e6.example.com", "e7.example.com", "e8.example.com", "e9.example.com", "e10.example.com", "e5.example.com");
        assertResult(NEUTRAL, "1.2.3.5", "foo@e5.example.com"); // ptr-limit (4.6.4/3): the 11th name is not looked at
    }

    @Test
    void addressRecordsOfOneNameAreNotLimited() throws Exception {
        zone.txt("e10.example.com", "v=spf1 a -all");
        for (int i = 1; i <= 12; i++) {
            zone.a("e10.example.com", "1.2.3." + i);
        }
        assertResult(PASS, "1.2.3.12", "foo@e10.example.com"); // false-a-limit (4.6.4)
    }

    @Test
    void twoVoidLookupsAreAllowedAndTheThirdIsAPermerror() throws Exception {
        zone.txt("e11.example.com", "v=spf1 a:err.example.com a:err1.example.com a:err2.example.com ?all")
                .txt("e12.example.com", "v=spf1 a:err.example.com a:err1.example.com ?all")
                .nxdomain("err1.example.com");
        assertResult(NEUTRAL, "1.2.3.4", "foo@e12.example.com"); // void-at-limit (4.6.4/7)
        SpfOutcome o = zone.check("1.2.3.4", "foo@e11.example.com", "mail.example.com");
        assertEquals(PERMERROR, o.result()); // void-over-limit
        assertTrue(o.problem().contains("void"), o.problem());
    }
}
