package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes one page of an OData feed the way Exact does, with a Jackson generator (no tree) into one buffer that is
 * then sent with a Content-Length (one write: no Nagle stalls, and nothing half-sent if a row fails):
 * {@code {"d":{"__count":"..","results":[{"__metadata":{..},...}],"__next":"<full URL>"}}}, and builds the
 * {@code __next} URL: the request's own URL and query with {@code $skiptoken} (and a lowered {@code $top}).
 */
final class ODataPages {

    /** Rows a page on regular endpoints. */
    static final int REGULAR_PAGE_SIZE = 60;
    /** Rows a page on sync (and bulk) endpoints. */
    static final int SYNC_PAGE_SIZE = 1000;

    private final JsonFactory jsonFactory = new JsonFactory();
    private final String baseUrl;

    ODataPages(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** How one kind of row is written: its values, its {@code __metadata.uri} and OData type. */
    record RowShape<T>(Function<T, Map<String, Object>> values, Function<T, String> uri, String odataType) {
    }

    /**
     * @param count {@code __count} ({@code $inlinecount=allpages}); null leaves it out
     * @param next  {@code __next}; null leaves it out (the last page)
     */
    <T> void send(HttpExchange exchange, List<T> rows, RowShape<T> shape, List<RecordField> fields,
                  Long count, String next) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(rows.size() * 512 + 256);
        try (JsonGenerator json = jsonFactory.createGenerator(body, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeObjectFieldStart("d");
            if (count != null) {
                json.writeStringField("__count", Long.toString(count)); // a string in OData v2 JSON
            }
            json.writeArrayFieldStart("results");
            for (T row : rows) {
                Map<String, Object> values = shape.values().apply(row);
                json.writeStartObject();
                json.writeObjectFieldStart("__metadata");
                json.writeStringField("uri", shape.uri().apply(row));
                json.writeStringField("type", shape.odataType());
                json.writeEndObject();
                for (RecordField field : fields) {
                    json.writeFieldName(field.name());
                    writeValue(json, field, values.get(field.name()));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            if (next != null) {
                json.writeStringField("__next", next);
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.size());
        try (OutputStream out = exchange.getResponseBody()) {
            body.writeTo(out);
        } finally {
            exchange.close();
        }
    }

    private static void writeValue(JsonGenerator json, RecordField field, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (field.type()) {
            case GUID, STRING -> json.writeString(value.toString());
            case INT -> json.writeNumber(((Number) value).intValue());
            case INT64 -> json.writeNumber(((Number) value).longValue());
            case DECIMAL -> json.writeNumber(((Number) value).doubleValue());
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case DATE -> json.writeString("/Date(" + epochMillis(value) + ")/");
        }
    }

    private static long epochMillis(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue();
    }

    /**
     * The request's URL (on this simulator's base URL) with its query as sent, minus any {@code $skiptoken}
     * (and {@code $top} when {@code remainingTop} is given), plus {@code $skiptoken=<skiptoken>}.
     */
    String nextUrl(HttpExchange exchange, String skiptoken, Integer remainingTop) {
        StringJoiner query = new StringJoiner("&");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if ("$skiptoken".equals(name) || (remainingTop != null && "$top".equals(name))) {
                    continue;
                }
                query.add(pair);
            }
        }
        if (remainingTop != null) {
            query.add("$top=" + remainingTop);
        }
        query.add("$skiptoken=" + skiptoken);
        return baseUrl + exchange.getRequestURI().getRawPath() + "?" + query;
    }

    static String guidToken(UUID id) {
        return "guid'" + id + "'";
    }
}
