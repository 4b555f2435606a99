package nl.koppel.masterdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What PostgreSQL cannot store is cleaned out of a record; everything else stays exactly as sent. */
class StorableTextTest {

    @Test
    void nulIsRemovedFromTextAttributesAndJsonTabsAndNewlinesStay() {
        MasterRecord sent = new MasterRecord("id\u00001", "C\u0000", "Bakkerij\u0000 De\tKorf\n", true, "NL\u00001",
                Map.of("city", "Ams\u0000terdam", "tags", List.of("a\u0000"), "n\u0000", 3),
                "{\"Name\":\"Bakkerij\\u0000 De\\tKorf\\n\"}");
        MasterRecord clean = StorableText.clean(sent);
        assertThat(clean.externalId()).isEqualTo("id1");
        assertThat(clean.code()).isEqualTo("C");
        assertThat(clean.name()).isEqualTo("Bakkerij De\tKorf\n");
        assertThat(clean.vatNumber()).isEqualTo("NL1");
        assertThat(clean.attributes()).containsEntry("city", "Amsterdam").containsEntry("tags", List.of("a"))
                .containsEntry("n", 3);
        assertThat(clean.source()).isEqualTo("{\"Name\":\"Bakkerij De\\tKorf\\n\"}");
    }

    @Test
    void anEscapedBackslashBeforeU0000IsTextAndKept() {
        // JSON text: "C:\\u0000" is a backslash followed by the letters u0000, not a NUL
        assertThat(StorableText.json("{\"p\":\"C:\\\\u0000\"}")).isEqualTo("{\"p\":\"C:\\\\u0000\"}");
        assertThat(StorableText.json("{\"p\":\"C:\\\\\\u0000x\"}")).isEqualTo("{\"p\":\"C:\\\\x\"}");
    }

    @Test
    void aRecordWithoutNulIsTheSameInstance() {
        MasterRecord sent = new MasterRecord("1", "C", "Naam\tmet tab", true, null, Map.of("city", "Ams\ud800"),
                "{\"Name\":\"x\"}");
        assertThat(StorableText.clean(sent)).isSameAs(sent);
    }
}
