package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.sync.KindSchedule.KindStatus;
import org.junit.jupiter.api.Test;

/** Which kinds a turn reads, as pure logic: times are given, no clock, no database. */
class KindScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final SyncProperties DEFAULTS = new SyncProperties(0, Duration.ofMinutes(5), null, null, null,
            null, 0, null, null, null, 0);

    private static KindStatus complete(MasterDataKind kind, Duration attemptAgo) {
        return new KindStatus(kind, "COMPLETE", false, NOW.minus(attemptAgo), NOW.minus(attemptAgo).plusSeconds(2),
                NOW.plus(Duration.ofHours(20)));
    }

    @Test
    void theFastKindsAreDueEveryIntervalTheSlowOnesHourly() {
        List<KindStatus> kinds = List.of(complete(MasterDataKind.RELATIONS, Duration.ofMinutes(5)),
                complete(MasterDataKind.GL_ACCOUNTS, Duration.ofMinutes(5)),
                complete(MasterDataKind.VAT_CODES, Duration.ofMinutes(55)),
                complete(MasterDataKind.JOURNALS, Duration.ofMinutes(60)),
                complete(MasterDataKind.COST_CENTERS, Duration.ofMinutes(10)),
                new KindStatus(MasterDataKind.COST_UNITS, "NOT_SUPPORTED", false, null, null, null));

        assertThat(KindSchedule.due(kinds, NOW.minus(Duration.ofDays(1)), NOW, DEFAULTS::intervalOf))
                .as("the longest out of step first").containsExactly(MasterDataKind.JOURNALS,
                        MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS);
    }

    @Test
    void unfinishedFailedRequiredOrReconciliationDueKindsAreDueWhateverTheirInterval() {
        List<KindStatus> kinds = List.of(
                new KindStatus(MasterDataKind.VAT_CODES, "WAITING", false, NOW.minusSeconds(5), null, null),
                new KindStatus(MasterDataKind.JOURNALS, "ERROR", false, NOW.minusSeconds(5), NOW.minusSeconds(99),
                        null),
                new KindStatus(MasterDataKind.COST_CENTERS, "COMPLETE", true, NOW.minusSeconds(5),
                        NOW.minusSeconds(3), null),
                new KindStatus(MasterDataKind.COST_UNITS, "COMPLETE", false, NOW.minusSeconds(5),
                        NOW.minusSeconds(3), NOW.minusSeconds(1)),
                complete(MasterDataKind.RELATIONS, Duration.ofSeconds(5)));

        assertThat(KindSchedule.due(kinds, NOW.minus(Duration.ofDays(1)), NOW, DEFAULTS::intervalOf))
                .containsExactly(MasterDataKind.VAT_CODES, MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS,
                        MasterDataKind.COST_UNITS);
    }

    @Test
    void everythingMadeDueAtOnceIsDue() {
        List<KindStatus> kinds = List.of(complete(MasterDataKind.RELATIONS, Duration.ofSeconds(30)),
                complete(MasterDataKind.VAT_CODES, Duration.ofSeconds(30)));

        assertThat(KindSchedule.due(kinds, NOW.minusSeconds(10), NOW, DEFAULTS::intervalOf))
                .as("a manual sync ten seconds ago").containsExactly(MasterDataKind.RELATIONS, MasterDataKind.VAT_CODES);
        assertThat(KindSchedule.due(kinds, NOW.minusSeconds(60), NOW, DEFAULTS::intervalOf)).isEmpty();
    }

    @Test
    void aKindsOwnIntervalIsConfigurable() {
        SyncProperties properties = new SyncProperties(0, Duration.ofMinutes(5),
                java.util.Map.of(MasterDataKind.VAT_CODES, Duration.ofMinutes(10)), null, null, null, 0, null, null,
                null, 0);
        assertThat(properties.intervalOf(MasterDataKind.VAT_CODES)).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.intervalOf(MasterDataKind.JOURNALS)).isEqualTo(Duration.ofHours(1));
        assertThat(properties.intervalOf(MasterDataKind.RELATIONS)).isEqualTo(Duration.ofMinutes(5));
    }
}
