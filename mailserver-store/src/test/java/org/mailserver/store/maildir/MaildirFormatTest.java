package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mailserver.store.Flag;

/** File names and dovecot-uidlist lines, parsed and written. */
class MaildirFormatTest {

    @Test
    void namesSplitIntoBaseAndFlags() {
        MaildirName name = MaildirName.parse("1700000000.M123P9.host,S=100,W=104:2,STa");
        assertEquals("1700000000.M123P9.host,S=100,W=104", name.baseName());
        assertEquals(EnumSet.of(Flag.SEEN, Flag.DELETED), name.flags());
        assertEquals(OptionalLong.of(100), MaildirName.size(name.baseName()));
        assertEquals(Instant.ofEpochSecond(1700000000, 123_000), MaildirName.time(name.baseName()));
        assertNull(MaildirName.parse("x").letters());
        assertEquals(OptionalLong.empty(), MaildirName.size("1700000000.M1P1.host"));
        assertNull(MaildirName.time("handmade"));
    }

    @Test
    void flagLettersAreSortedSystemFlagsFirst() {
        assertEquals("b:2,DFRSTac", MaildirName.fileName("b", "caTSRFD"));
        assertEquals("b:2,", MaildirName.fileName("b", ""));
    }

    @Test
    void uidListRoundTrips() throws Exception {
        List<String> lines = List.of("3 V1275660208 N25022 G3085f01b7f11094c501100008c4a11c1",
                "25006 :1276528487.M364837P9451.kurkku,S=1355,W=1394:2,",
                "25017 W2481 :1276533073.M242911P3632.kurkku,S=2440,W=2481");
        UidList list = UidList.parse(lines);
        assertEquals(1275660208L, list.uidValidity());
        assertEquals(25022, list.nextUid());
        assertEquals(new UidList.Entry(25006, "", "1276528487.M364837P9451.kurkku,S=1355,W=1394"), list.entries().get(0));
        assertEquals(new UidList.Entry(25017, "W2481", "1276533073.M242911P3632.kurkku,S=2440,W=2481"), list.entries().get(1));
        assertEquals(String.join("\n", lines.get(0), "25006 :1276528487.M364837P9451.kurkku,S=1355,W=1394", lines.get(2), ""),
                list.format());
    }

    @Test
    void courierVersionOneIsRead() throws Exception {
        UidList list = UidList.parse(List.of("1 1100000000 7", "3 1099999999.123_4.host:2,S"));
        assertEquals(1100000000L, list.uidValidity());
        assertEquals(7, list.nextUid());
        assertEquals("1099999999.123_4.host", list.entries().get(0).baseName());
    }

    @Test
    void brokenUidListsAreReported() {
        assertThrows(UidList.FormatException.class, () -> UidList.parse(List.of("9 V1 N1")));
        assertThrows(UidList.FormatException.class, () -> UidList.parse(List.of("3 N5")));
        assertThrows(UidList.FormatException.class, () -> UidList.parse(List.of("3 V1 N5", "4 :a", "2 :b")));
        assertThrows(UidList.FormatException.class, () -> UidList.parse(List.of("3 V1 N5", "garbage")));
    }
}
