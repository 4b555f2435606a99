package nl.koppel.simulator.exactonline;

import java.util.Objects;

/**
 * What {@link ExactOnlineSimulator#generate(GenerationPlan)} makes: {@code divisions} divisions the user may
 * access, each with the given number of records per kind. The same plan always gives the same data.
 * The last {@code archivedDivisions} divisions are archived (Status 2); the first is the main division.
 */
public record GenerationPlan(
        long seed,
        String userName,
        int divisions,
        int relationsPerDivision,
        int glAccountsPerDivision,
        int vatCodesPerDivision,
        int journalsPerDivision,
        int costCentersPerDivision,
        int costUnitsPerDivision,
        int projectsPerDivision,
        int paymentConditionsPerDivision,
        int archivedDivisions) {

    public static final int DEFAULT_GL_ACCOUNTS = 200;
    public static final int DEFAULT_VAT_CODES = 15;
    public static final int DEFAULT_JOURNALS = 8;
    public static final int DEFAULT_COST_CENTERS = 20;
    public static final int DEFAULT_COST_UNITS = 10;
    public static final int DEFAULT_PROJECTS = 25;
    /** An office's usual set: cash, 14, 30 (with discount), 60 days, end of month, direct debit; more are numbered. */
    public static final int DEFAULT_PAYMENT_CONDITIONS = 6;

    public GenerationPlan {
        Objects.requireNonNull(userName, "userName");
        requireAtLeast(0, divisions, "divisions");
        requireAtLeast(0, relationsPerDivision, "relationsPerDivision");
        requireAtLeast(0, glAccountsPerDivision, "glAccountsPerDivision");
        requireAtLeast(0, vatCodesPerDivision, "vatCodesPerDivision");
        requireAtLeast(0, journalsPerDivision, "journalsPerDivision");
        requireAtLeast(0, costCentersPerDivision, "costCentersPerDivision");
        requireAtLeast(0, costUnitsPerDivision, "costUnitsPerDivision");
        requireAtLeast(0, projectsPerDivision, "projectsPerDivision");
        requireAtLeast(0, paymentConditionsPerDivision, "paymentConditionsPerDivision");
        requireAtLeast(0, archivedDivisions, "archivedDivisions");
        if (archivedDivisions > divisions) {
            throw new IllegalArgumentException("archivedDivisions exceeds divisions");
        }
        if (divisions > 100_000) {
            throw new IllegalArgumentException("at most 100,000 divisions");
        }
    }

    /** The default counts for the kinds other than relations, and no archived divisions. */
    public static GenerationPlan of(long seed, String userName, int divisions, int relationsPerDivision) {
        return new GenerationPlan(seed, userName, divisions, relationsPerDivision, DEFAULT_GL_ACCOUNTS,
                DEFAULT_VAT_CODES, DEFAULT_JOURNALS, DEFAULT_COST_CENTERS, DEFAULT_COST_UNITS, DEFAULT_PROJECTS,
                DEFAULT_PAYMENT_CONDITIONS, 0);
    }

    public GenerationPlan withArchivedDivisions(int count) {
        return new GenerationPlan(seed, userName, divisions, relationsPerDivision, glAccountsPerDivision,
                vatCodesPerDivision, journalsPerDivision, costCentersPerDivision, costUnitsPerDivision,
                projectsPerDivision, paymentConditionsPerDivision, count);
    }

    public GenerationPlan withCounts(int glAccounts, int vatCodes, int journals, int costCenters, int costUnits) {
        return new GenerationPlan(seed, userName, divisions, relationsPerDivision, glAccounts, vatCodes, journals,
                costCenters, costUnits, projectsPerDivision, paymentConditionsPerDivision, archivedDivisions);
    }

    public GenerationPlan withProjectsAndPaymentConditions(int projects, int paymentConditions) {
        return new GenerationPlan(seed, userName, divisions, relationsPerDivision, glAccountsPerDivision,
                vatCodesPerDivision, journalsPerDivision, costCentersPerDivision, costUnitsPerDivision, projects,
                paymentConditions, archivedDivisions);
    }

    int count(Kind kind) {
        return switch (kind) {
            case ACCOUNTS -> relationsPerDivision;
            case GL_ACCOUNTS -> glAccountsPerDivision;
            case VAT_CODES -> vatCodesPerDivision;
            case JOURNALS -> journalsPerDivision;
            case COST_CENTERS -> costCentersPerDivision;
            case COST_UNITS -> costUnitsPerDivision;
            case PROJECTS -> projectsPerDivision;
            case PAYMENT_CONDITIONS -> paymentConditionsPerDivision;
        };
    }

    private static void requireAtLeast(int minimum, int value, String name) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
        }
    }
}
