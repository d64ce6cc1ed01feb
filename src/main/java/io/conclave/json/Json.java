package io.conclave.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for event streams, {@code -o json}, the admin endpoint and bench output, on jackson-jr. Values are
 * maps, collections, strings, numbers, booleans and null; writing keeps map order and writes null values;
 * reading gives LinkedHashMap, ArrayList, String, Long/Double (Long also for small integers), Boolean, null.
 * <p>
 * JSON has no NaN or Infinity: a non-finite Double or Float is written as {@code null}. Anything else that is
 * not one of the types above is written as the string of its {@code toString()}.
 */
public final class Json {

    private static final JSON JSON_STD = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES)
            .without(JSON.Feature.HANDLE_JAVA_BEANS);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return JSON_STD.asString(plain(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one JSON value; throws IllegalArgumentException saying where on malformed input. */
    public static Object parse(String text) {
        try (JsonParser parser = JSON_STD.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("malformed JSON: no value");
            }
            Object value = JSON_STD.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("malformed JSON at " + parser.currentLocation().getCharOffset()
                        + ": trailing characters");
            }
            return numbers(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage() + " at "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }

    /** The value with only types jackson-jr writes as we mean them: no beans, no NaN. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : f;
        }
        if (value instanceof Number n) {
            return plain(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            items.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value.toString();
    }

    /** jackson-jr reads small integers as Integer; callers get Long for every integer, as they always did. */
    private static Object numbers(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, numbers(v)));
            return copy;
        }
        if (value instanceof List<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            items.forEach(item -> copy.add(numbers(item)));
            return copy;
        }
        return value;
    }
}
