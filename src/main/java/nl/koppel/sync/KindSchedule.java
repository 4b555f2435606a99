package nl.koppel.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import nl.koppel.masterdata.MasterDataKind;

/**
 * Which kinds of a dossier a turn reads, and in which order. A kind is due when its last run did not complete,
 * a full read is required or due (reconciliation), everything was made due at once (a manual sync, a link made
 * again, a moved dossier), or its own interval passed since its last run began. A run starts before the turn
 * ends and the next turn comes an interval after that end, so a kind read every turn is always due in the next
 * one. The kind longest out of step goes first: a turn cut short by a rate limit goes on with the kinds it did
 * not reach, and when the budget is too small for every kind per interval the kinds take turns.
 */
final class KindSchedule {

    /** What the schedule needs to know of one kind of the dossier (from its sync_state row). */
    record KindStatus(MasterDataKind kind, String state, boolean fullSyncRequired, Instant lastAttemptAt,
                      Instant lastSuccessAt, Instant nextFullSyncAt) {
    }

    private KindSchedule() {
    }

    /**
     * @param allDueSince everything not completed since then is due (the dossier's kinds_due_since)
     * @param now         the database's clock, the one every instance shares
     */
    static List<MasterDataKind> due(List<KindStatus> kinds, Instant allDueSince, Instant now,
                                    Function<MasterDataKind, Duration> intervalOf) {
        return kinds.stream()
                .filter(k -> !"NOT_SUPPORTED".equals(k.state()))
                .filter(k -> isDue(k, allDueSince, now, intervalOf.apply(k.kind())))
                .sorted(Comparator.comparing(KindStatus::lastSuccessAt,
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(KindStatus::kind))
                .map(KindStatus::kind).toList();
    }

    private static boolean isDue(KindStatus kind, Instant allDueSince, Instant now, Duration interval) {
        return !"COMPLETE".equals(kind.state()) || kind.fullSyncRequired() || kind.lastSuccessAt() == null
                || kind.lastAttemptAt() == null
                || (allDueSince != null && kind.lastSuccessAt().isBefore(allDueSince))
                || !kind.lastAttemptAt().plus(interval).isAfter(now)
                || (kind.nextFullSyncAt() != null && !kind.nextFullSyncAt().isAfter(now));
    }
}
