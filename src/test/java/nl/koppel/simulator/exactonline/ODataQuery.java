package nl.koppel.simulator.exactonline;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData query options of one request: {@code $select}, {@code $filter}, {@code $top}, {@code $skiptoken},
 * {@code $inlinecount}. Parses only; which filter forms and properties an endpoint allows is checked by
 * {@link #requireFilterForms} and {@link #selectFrom}. Anything it cannot read is Exact's
 * {@code 400 Error in query syntax.}
 * <p>
 * Filter forms: {@code Property op literal} joined with {@code and}; literals {@code guid'...'},
 * {@code datetime'2026-01-29T00:00:00'} (local time in {@link #EXACT_ZONE}, as Exact reads it) and integers.
 */
final class ODataQuery {

    /** Exact Online NL reads a zoneless datetime literal as Dutch local time. */
    static final ZoneId EXACT_ZONE = ZoneId.of("Europe/Amsterdam");

    private static final Set<String> KNOWN_OPTIONS = Set.of("$select", "$filter", "$top", "$skiptoken", "$inlinecount", "$format");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONDITION = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_]*)\\s+(eq|ne|gt|ge|lt|le)\\s+(.+?)\\s*$");
    private static final Pattern GUID = Pattern.compile("^guid'([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'$");
    private static final Pattern DATETIME = Pattern.compile("^datetime'([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?)'$");
    private static final Pattern INTEGER = Pattern.compile("^(-?[0-9]{1,18})L?$");

    enum Op { EQ, NE, GT, GE, LT, LE }

    enum LiteralType { GUID, DATETIME, INTEGER }

    /** One allowed shape of a condition, e.g. {@code Timestamp gt <integer>}. */
    record FilterForm(String property, Op op, LiteralType literalType) {
        static FilterForm of(String property, Op op, LiteralType literalType) {
            return new FilterForm(property, op, literalType);
        }
    }

    /**
     * {@code property op value}; value is a UUID (guid), a Long of epoch millis (datetime) or a Long (integer).
     */
    record Condition(String property, Op op, LiteralType literalType, Object value) {

        FilterForm form() {
            return new FilterForm(property, op, literalType);
        }

        /** @param actual a UUID, or a Number (a date as epoch millis); null never matches */
        boolean test(Object actual) {
            if (actual == null) {
                return false;
            }
            int comparison;
            if (value instanceof UUID expected) {
                comparison = MasterDataStore.ID_ORDER.compare((UUID) actual, expected);
            } else {
                comparison = Long.compare(((Number) actual).longValue(), (Long) value);
            }
            return switch (op) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
            };
        }
    }

    private final List<String> select;
    private final boolean selectAll;
    private final List<Condition> conditions;
    private final Integer top;
    private final String skiptoken;
    private final boolean inlineCount;

    private ODataQuery(List<String> select, boolean selectAll, List<Condition> conditions, Integer top,
                       String skiptoken, boolean inlineCount) {
        this.select = select;
        this.selectAll = selectAll;
        this.conditions = conditions;
        this.top = top;
        this.skiptoken = skiptoken;
        this.inlineCount = inlineCount;
    }

    /** @param parameters the decoded query string; non-{@code $} parameters are ignored */
    static ODataQuery parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (name.startsWith("$") && !KNOWN_OPTIONS.contains(name)) {
                throw ODataException.querySyntax(); // $orderby, $expand, $skip, ...: not simulated
            }
        }
        String format = parameters.get("$format");
        if (format != null && !"json".equalsIgnoreCase(format.trim())) {
            throw ODataException.querySyntax();
        }
        List<String> select = null;
        boolean selectAll = false;
        String selectText = parameters.get("$select");
        if (selectText != null) {
            select = new ArrayList<>();
            for (String name : selectText.split(",", -1)) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    throw ODataException.querySyntax();
                }
                if ("*".equals(trimmed)) {
                    selectAll = true;
                } else {
                    select.add(trimmed);
                }
            }
        }
        List<Condition> conditions = parseFilter(parameters.get("$filter"));
        Integer top = null;
        if (parameters.containsKey("$top")) {
            top = nonNegativeInt(parameters.get("$top"));
        }
        String skiptoken = parameters.get("$skiptoken");
        boolean inlineCount = false;
        String inline = parameters.get("$inlinecount");
        if (inline != null) {
            switch (inline.trim().toLowerCase(Locale.ROOT)) {
                case "allpages" -> inlineCount = true;
                case "none" -> inlineCount = false;
                default -> throw ODataException.querySyntax();
            }
        }
        return new ODataQuery(select, selectAll, conditions, top, skiptoken, inlineCount);
    }

    private static List<Condition> parseFilter(String filter) {
        if (filter == null) {
            return null;
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : AND.split(filter.trim(), -1)) {
            Matcher matcher = CONDITION.matcher(part);
            if (!matcher.matches()) {
                throw ODataException.querySyntax();
            }
            Op op = Op.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
            String literal = matcher.group(3);
            Matcher guid = GUID.matcher(literal);
            Matcher datetime = DATETIME.matcher(literal);
            Matcher integer = INTEGER.matcher(literal);
            if (guid.matches()) {
                conditions.add(new Condition(matcher.group(1), op, LiteralType.GUID, UUID.fromString(guid.group(1))));
            } else if (datetime.matches()) {
                conditions.add(new Condition(matcher.group(1), op, LiteralType.DATETIME, epochMillis(datetime.group(1))));
            } else if (integer.matches()) {
                conditions.add(new Condition(matcher.group(1), op, LiteralType.INTEGER, Long.parseLong(integer.group(1))));
            } else {
                throw ODataException.querySyntax();
            }
        }
        return List.copyOf(conditions);
    }

    private static long epochMillis(String localDateTime) {
        try {
            return LocalDateTime.parse(localDateTime).atZone(EXACT_ZONE).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ODataException.querySyntax();
        }
    }

    private static int nonNegativeInt(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 0) {
                throw ODataException.querySyntax();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ODataException.querySyntax();
        }
    }

    // ---- what the endpoint makes of it -------------------------------------------------------

    boolean hasFilter() {
        return conditions != null;
    }

    /** The conditions; empty when there is no {@code $filter}. */
    List<Condition> conditions() {
        return conditions == null ? List.of() : conditions;
    }

    /** @throws ODataException 400 "Error in query syntax." when a condition has another form */
    ODataQuery requireFilterForms(Set<FilterForm> allowed) {
        for (Condition condition : conditions()) {
            if (!allowed.contains(condition.form())) {
                throw ODataException.querySyntax();
            }
        }
        return this;
    }

    /** Whether every condition holds; {@code values} gives a property's value (UUID, Number) for one row. */
    boolean matches(Function<String, Object> values) {
        for (Condition condition : conditions()) {
            if (!condition.test(values.apply(condition.property()))) {
                return false;
            }
        }
        return true;
    }

    /** The highest lower bound set by {@code property gt N} conditions, or {@code orElse}. */
    long greatestLowerBound(String property, long orElse) {
        long bound = orElse;
        for (Condition condition : conditions()) {
            if (condition.property().equals(property) && condition.op() == Op.GT) {
                bound = Math.max(bound, (Long) condition.value());
            }
        }
        return bound;
    }

    /** {@code $select} was given (possibly as {@code *}). */
    boolean hasSelect() {
        return select != null;
    }

    boolean selectsAll() {
        return selectAll;
    }

    /**
     * The selected fields in {@code $select} order; all of {@code available} when there is no {@code $select}
     * or it is {@code *}. A name that is not a property is a syntax error.
     */
    List<RecordField> selectFrom(List<RecordField> available) {
        if (select == null || selectAll) {
            return available;
        }
        List<RecordField> fields = new ArrayList<>();
        for (String name : select) {
            RecordField field = available.stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow(ODataException::querySyntax);
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    OptionalInt top() {
        return top == null ? OptionalInt.empty() : OptionalInt.of(top);
    }

    Optional<String> skiptoken() {
        return Optional.ofNullable(skiptoken);
    }

    boolean inlineCount() {
        return inlineCount;
    }
}
