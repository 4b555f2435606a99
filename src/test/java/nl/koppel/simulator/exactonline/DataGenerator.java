package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Makes large, realistic, reproducible data sets: divisions with Dutch names, KvK and VAT numbers, and per
 * division the six kinds of master data. Everything (division codes, IDs, values, row versions) follows from
 * the plan, so the same plan gives the same data. A generated record stores only its key, row version and
 * position; its values are computed when asked for, so a million records fit in a small heap.
 */
final class DataGenerator {

    /** Generated Modified dates lie in the two years from here. */
    private static final long GENESIS_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final long TWO_YEARS_MILLIS = 2L * 365 * 24 * 3600 * 1000;
    private static final int FIRST_DIVISION_CODE = 100_000;
    private static final int DIVISION_CODE_RANGE = 900_000;
    private static final int DIVISION_SALT = 1_000_003;
    private static final Pattern EMAIL_SUFFIX = Pattern.compile("-(bv|vof|zn|holding-bv)$|-+$");

    private final DivisionDirectory directory;
    private final MasterDataStore store;

    DataGenerator(DivisionDirectory directory, MasterDataStore store) {
        this.directory = directory;
        this.store = store;
    }

    /**
     * Adds the plan's divisions, grants the user access to them, and fills them.
     *
     * @throws IllegalStateException when a division code the plan uses exists already (nothing is added then)
     */
    List<SimulatedDivision> generate(GenerationPlan plan) {
        List<SimulatedDivision> divisions = divisions(plan);
        for (SimulatedDivision division : divisions) {
            if (directory.exists(division.code())) {
                throw new IllegalStateException("division " + division.code() + " exists already; use another seed");
            }
        }
        for (SimulatedDivision division : divisions) {
            directory.add(division, Instant.ofEpochMilli(GENESIS_MILLIS));
            store.addDivision(division.code());
            fill(plan, division.code());
            directory.grant(plan.userName(), division.code());
        }
        return divisions;
    }

    /** The plan's divisions: codes drawn from the seed (6 digits, distinct), the first the main one. */
    static List<SimulatedDivision> divisions(GenerationPlan plan) {
        SplittableRandom codes = new SplittableRandom(mix(plan.seed(), DIVISION_SALT));
        Set<Integer> drawn = new LinkedHashSet<>();
        while (drawn.size() < plan.divisions()) {
            drawn.add(FIRST_DIVISION_CODE + codes.nextInt(DIVISION_CODE_RANGE));
        }
        List<SimulatedDivision> divisions = new ArrayList<>();
        int ordinal = 0;
        for (int code : drawn) {
            SplittableRandom random = random(plan.seed(), code, DIVISION_SALT, 0);
            String name = ordinal == 0
                    ? "Accountantskantoor " + capitalised(pick(random, DutchData.SURNAMES)) + " & Partners"
                    : companyName(random);
            boolean archived = ordinal >= plan.divisions() - plan.archivedDivisions();
            divisions.add(new SimulatedDivision(
                    code,
                    name,
                    archived ? SimulatedDivision.ARCHIVED : SimulatedDivision.ACTIVE,
                    kvkNumber(random),
                    "NL" + digits(random, 9) + "B01",
                    id(plan.seed(), code, DIVISION_SALT, 1),
                    name,
                    ordinal == 0,
                    Instant.ofEpochMilli(GENESIS_MILLIS + random.nextLong(TWO_YEARS_MILLIS)),
                    null));
            ordinal++;
        }
        return divisions;
    }

    private void fill(GenerationPlan plan, int code) {
        Blueprint blueprint = new Blueprint(plan, code);
        for (Kind kind : Kind.values()) {
            int count = plan.count(kind);
            if (count == 0) {
                continue;
            }
            long firstTimestamp = store.reserveTimestamps(code, count);
            List<MasterRecord> records = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                long modified = GENESIS_MILLIS + Math.floorMod(mix(plan.seed(), code, kind.ordinal(), index, 7), TWO_YEARS_MILLIS);
                records.add(new MasterRecord(blueprint.id(kind, index), firstTimestamp + index, modified,
                        new GeneratedContent(blueprint, kind, index)));
            }
            store.load(code, kind, records);
        }
    }

    /** The values of a generated record, computed on each read. */
    private record GeneratedContent(Blueprint blueprint, Kind kind, int index) implements RecordContent {
        @Override
        public Map<String, Object> values() {
            return blueprint.values(kind, index);
        }
    }

    /** Everything needed to compute one division's generated values. */
    private record Blueprint(GenerationPlan plan, int code) {

        UUID id(Kind kind, int index) {
            return DataGenerator.id(plan.seed(), code, kind.ordinal(), index);
        }

        /** The ID of a GL account of the template, or null when the plan makes fewer GL accounts. */
        UUID glAccount(int templateIndex) {
            return templateIndex >= 0 && templateIndex < plan.glAccountsPerDivision() ? id(Kind.GL_ACCOUNTS, templateIndex) : null;
        }

        String vatCode(String code) {
            for (int i = 0; i < Math.min(plan.vatCodesPerDivision(), DutchData.VAT_CODES.size()); i++) {
                if (DutchData.VAT_CODES.get(i).code().equals(code)) {
                    return code;
                }
            }
            return null;
        }

        String costCenterCode(int number) {
            return plan.costCentersPerDivision() == 0 ? null : numbered("KP", 1 + number % plan.costCentersPerDivision());
        }

        /** The code of one of the plan's payment conditions, or null when it makes none. */
        String paymentConditionCode(int number) {
            return plan.paymentConditionsPerDivision() == 0 ? null
                    : paymentConditionValues(number % Math.min(plan.paymentConditionsPerDivision(),
                            DutchData.PAYMENT_CONDITIONS.size())).code();
        }

        String costUnitCode(int number) {
            return plan.costUnitsPerDivision() == 0 ? null : numbered("KD", 1 + number % plan.costUnitsPerDivision());
        }

        Map<String, Object> values(Kind kind, int index) {
            SplittableRandom random = random(plan.seed(), code, kind.ordinal(), index);
            Map<String, Object> values = new HashMap<>(32);
            switch (kind) {
                case ACCOUNTS -> account(values, random, index);
                case GL_ACCOUNTS -> glAccount(values, random, index);
                case VAT_CODES -> vatCode(values, index);
                case JOURNALS -> journal(values, index);
                case COST_CENTERS -> costCenter(values, random, index);
                case COST_UNITS -> costUnit(values, random, index);
                case PROJECTS -> project(values, random, index);
                case PAYMENT_CONDITIONS -> paymentCondition(values, index);
            }
            return values;
        }

        private void account(Map<String, Object> values, SplittableRandom random, int index) {
            String name = companyName(random);
            int countryDraw = random.nextInt(100);
            String country = countryDraw < 90 ? "NL" : countryDraw < 96 ? "BE" : "DE";
            boolean isSales = random.nextInt(100) < 70;
            boolean isSupplier = random.nextInt(100) < (isSales ? 20 : 75);
            values.put("Code", FieldValues.accountCode(Integer.toString(index + 1)));
            values.put("Name", name);
            values.put("IsSupplier", isSupplier);
            values.put("IsSales", isSales);
            values.put("Status", isSales ? "C" : isSupplier ? "A" : random.nextBoolean() ? "P" : "S");
            values.put("Blocked", random.nextInt(100) < 2);
            values.put("VATNumber", random.nextInt(100) < 80 ? vatNumber(random, country) : null);
            values.put("ChamberOfCommerce", "NL".equals(country) && random.nextInt(100) < 85 ? kvkNumber(random) : null);
            values.put("Email", random.nextInt(100) < 70 ? email(name, country) : null);
            values.put("City", pick(random, switch (country) {
                case "BE" -> DutchData.CITIES_BE;
                case "DE" -> DutchData.CITIES_DE;
                default -> DutchData.CITIES_NL;
            }));
            values.put("Country", country);
            values.put("PurchaseVATCode", isSupplier ? vatCode(random.nextInt(100) < 85 ? "3" : "4") : null);
            values.put("SalesVATCode", isSales ? vatCode(random.nextInt(100) < 80 ? "1" : random.nextBoolean() ? "2" : "0") : null);
            values.put("PaymentConditionPurchase", isSupplier ? pick(random, List.of("14", "30", "30", "60")) : null);
        }

        private void glAccount(Map<String, Object> values, SplittableRandom random, int index) {
            List<DutchData.GLTemplate> templates = DutchData.GL_ACCOUNTS;
            if (index < templates.size()) {
                DutchData.GLTemplate template = templates.get(index);
                values.put("Code", template.code());
                values.put("Description", template.description());
                values.put("Type", template.type());
                values.put("BalanceSide", template.balanceSide());
                values.put("BalanceType", template.balanceType());
                values.put("IsBlocked", false);
                values.put("VATCode", template.vatCode() == null ? null : vatCode(template.vatCode()));
                values.put("Costcenter", null);
                values.put("Costunit", null);
                return;
            }
            int extra = index - templates.size();
            List<String> categories = DutchData.COST_CATEGORIES;
            String description = categories.get(extra % categories.size());
            if (extra >= categories.size()) {
                description += " " + DutchData.DEPARTMENTS.get((extra / categories.size() - 1) % DutchData.DEPARTMENTS.size()).toLowerCase(Locale.ROOT);
            }
            values.put("Code", Integer.toString(6000 + extra));
            values.put("Description", description);
            values.put("Type", 120);
            values.put("BalanceSide", "D");
            values.put("BalanceType", "W");
            values.put("IsBlocked", random.nextInt(100) < 3);
            values.put("VATCode", random.nextInt(100) < 60 ? vatCode("3") : null);
            values.put("Costcenter", extra % 5 == 0 ? costCenterCode(extra / 5) : null);
            values.put("Costunit", extra % 11 == 0 ? costUnitCode(extra / 11) : null);
        }

        private void vatCode(Map<String, Object> values, int index) {
            List<DutchData.VatTemplate> templates = DutchData.VAT_CODES;
            if (index < templates.size()) {
                DutchData.VatTemplate template = templates.get(index);
                values.put("Code", template.code());
                values.put("Description", template.description());
                values.put("Percentage", template.percentage());
                values.put("Type", template.type());
                values.put("VATTransactionType", template.transactionType());
                values.put("IsBlocked", template.blocked());
            } else {
                values.put("Code", Integer.toString(20 + index - templates.size()));
                values.put("Description", "Overige BTW " + (1 + index - templates.size()));
                values.put("Percentage", 0.0);
                values.put("Type", "N");
                values.put("VATTransactionType", "B");
                values.put("IsBlocked", false);
            }
            boolean purchase = "P".equals(values.get("VATTransactionType"));
            boolean noVat = ((Double) values.get("Percentage")) == 0.0;
            values.put("GLToClaim", noVat ? null : purchase ? glAccount(DutchData.GL_VAT_TO_CLAIM) : null);
            values.put("GLToPay", noVat ? null : purchase ? null : glAccount(DutchData.GL_VAT_TO_PAY));
        }

        private void journal(Map<String, Object> values, int index) {
            List<DutchData.JournalTemplate> templates = DutchData.JOURNALS;
            if (index < templates.size()) {
                DutchData.JournalTemplate template = templates.get(index);
                values.put("Code", template.code());
                values.put("Description", template.description());
                values.put("Type", template.type());
                values.put("GLAccount", template.type() == 10 || template.type() == 12 ? glAccount(template.glAccount()) : null);
            } else {
                int extra = index - templates.size();
                values.put("Code", Integer.toString(93 + extra));
                values.put("Description", "Memoriaal " + (extra + 2));
                values.put("Type", 90);
                values.put("GLAccount", null);
            }
            values.put("Currency", "EUR");
        }

        private void costCenter(Map<String, Object> values, SplittableRandom random, int index) {
            List<String> departments = DutchData.DEPARTMENTS;
            values.put("Code", numbered("KP", index + 1));
            values.put("Description", index < departments.size() ? departments.get(index) : "Afdeling " + (index + 1));
            values.put("Active", random.nextInt(100) < 90);
        }

        private void costUnit(Map<String, Object> values, SplittableRandom random, int index) {
            values.put("Code", numbered("KD", index + 1));
            values.put("Description", pick(random, DutchData.PROJECT_TYPES) + " " + pick(random, DutchData.CITIES_NL));
        }

        /**
         * A project: mostly fixed price (2) or time and material (3), some non billable (4, internal: no account),
         * campaigns (1) and prepaid (5); the account one of the division's relations, with its code and name as
         * they were generated; half of them with an end date.
         */
        private void project(Map<String, Object> values, SplittableRandom random, int index) {
            int draw = random.nextInt(100);
            int type = draw < 40 ? 2 : draw < 80 ? 3 : draw < 90 ? 4 : draw < 95 ? 1 : 5;
            values.put("Code", (2024 + index / 500) + "-" + String.format(Locale.ROOT, "%03d", 1 + index % 500));
            values.put("Type", type);
            boolean internal = type == 4 || plan.relationsPerDivision() == 0;
            if (internal) {
                values.put("Description", pick(random, List.of("Intern", "Kwaliteit", "Automatisering", "Opleiding"))
                        + " " + (index + 1));
                values.put("Account", null);
                values.put("AccountCode", null);
                values.put("AccountName", null);
            } else {
                int account = random.nextInt(plan.relationsPerDivision());
                Map<String, Object> relation = values(Kind.ACCOUNTS, account);
                values.put("Description", pick(random, DutchData.PROJECT_TYPES) + " " + pick(random, DutchData.CITIES_NL));
                values.put("Account", id(Kind.ACCOUNTS, account));
                values.put("AccountCode", relation.get("Code"));
                values.put("AccountName", relation.get("Name"));
            }
            values.put("PaymentCondition", internal ? null : paymentConditionCode(random.nextInt(8)));
            long start = GENESIS_MILLIS + random.nextLong(TWO_YEARS_MILLIS);
            values.put("StartDate", Instant.ofEpochMilli(start - start % 86_400_000L));
            values.put("EndDate", random.nextBoolean() ? null
                    : Instant.ofEpochMilli(start - start % 86_400_000L + (30L + random.nextInt(335)) * 86_400_000L));
        }

        private void paymentCondition(Map<String, Object> values, int index) {
            DutchData.PaymentConditionTemplate template = paymentConditionValues(index);
            values.put("Code", template.code());
            values.put("Description", template.description());
            values.put("PaymentDays", template.paymentDays());
            values.put("PaymentEndOfMonths", template.endOfMonths());
            values.put("DiscountPercentage", template.discountPercentage());
            values.put("DiscountPaymentDays", template.discountDays());
            values.put("PaymentMethod", template.paymentMethod());
        }

        /** The office's usual conditions first, then numbered ones ({@code AA}, {@code AB}, ...: codes are 2 characters). */
        private static DutchData.PaymentConditionTemplate paymentConditionValues(int index) {
            List<DutchData.PaymentConditionTemplate> templates = DutchData.PAYMENT_CONDITIONS;
            if (index < templates.size()) {
                return templates.get(index);
            }
            int extra = index - templates.size();
            int days = 15 + (extra * 5) % 100;
            return new DutchData.PaymentConditionTemplate("" + (char) ('A' + extra / 26 % 26) + (char) ('A' + extra % 26),
                    days + " dagen (afspraak " + (extra + 1) + ")", days, 0, 0.0, 0, "B");
        }
    }

    // ---- names and numbers -------------------------------------------------------------------

    static String companyName(SplittableRandom random) {
        String surname = pick(random, DutchData.SURNAMES);
        String legalForm = pick(random, DutchData.LEGAL_FORMS);
        String name = switch (random.nextInt(3)) {
            case 0 -> pick(random, DutchData.TRADES_BEFORE) + " " + surname;
            case 1 -> capitalised(surname) + " " + pick(random, DutchData.TRADES_AFTER);
            default -> capitalised(surname) + " & " + pick(random, DutchData.SURNAMES);
        };
        return legalForm.isEmpty() ? name : name + " " + legalForm;
    }

    private static String email(String name, String country) {
        StringBuilder domain = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                domain.append(c);
            } else if (c == ' ' && domain.length() > 0 && domain.charAt(domain.length() - 1) != '-') {
                domain.append('-');
            }
        }
        String trimmed = EMAIL_SUFFIX.matcher(domain).replaceAll("");
        return "info@" + trimmed + "." + country.toLowerCase(Locale.ROOT);
    }

    private static String vatNumber(SplittableRandom random, String country) {
        return switch (country) {
            case "BE" -> "BE0" + digits(random, 9);
            case "DE" -> "DE" + digits(random, 9);
            default -> "NL" + digits(random, 9) + "B01";
        };
    }

    /** A KvK number: 8 digits, no leading zero. */
    private static String kvkNumber(SplittableRandom random) {
        return Integer.toString(10_000_000 + random.nextInt(90_000_000));
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** {@code KP07}: a prefix and a number of at least two digits. */
    private static String numbered(String prefix, int number) {
        return number < 10 ? prefix + "0" + number : prefix + number;
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // ---- determinism -------------------------------------------------------------------------

    private static SplittableRandom random(long seed, int division, int kind, int index) {
        return new SplittableRandom(mix(seed, division, kind, index, 3));
    }

    /** A random-looking (version 4) GUID that follows from its inputs only. */
    static UUID id(long seed, int division, int kind, int index) {
        long high = mix(seed, division, kind, index, 1);
        long low = mix(seed, division, kind, index, 2);
        high = (high & ~0xF000L) | 0x4000L;                              // version 4
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;        // IETF variant
        return new UUID(high, low);
    }

    /** SplitMix64 over the parts: a well-spread hash, the same on every JVM. */
    static long mix(long... parts) {
        long state = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            state = splitMix(state ^ part) + 0x9E3779B97F4A7C15L;
        }
        return splitMix(state);
    }

    private static long splitMix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
