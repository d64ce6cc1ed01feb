package io.conclave.json;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void writesAndReadsBackNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t ctl \u0001 é");
        value.put("n", 42L);
        value.put("d", 1.5);
        value.put("b", true);
        value.put("z", null);
        value.put("list", Arrays.asList(1L, "two", null, List.of()));
        String text = Json.write(value);
        assertThat(text).startsWith("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 é\"");
        assertThat(Json.parse(text)).isEqualTo(value);
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1,2] 3")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("[1,2] x")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> Json.parse("  ")).hasMessageStartingWith("malformed JSON");
    }

    @Test
    void truncatedEscapesAreOneClearParseError() {
        for (String bad : List.of("\"ab\\u00", "\"ab\\", "{\"ts\":\"x\\u12", "{\"a\":\"\\uZZZZ\"}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed JSON");
        }
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("nan", Double.NaN);
        value.put("inf", Double.POSITIVE_INFINITY);
        value.put("ninf", Float.NEGATIVE_INFINITY);
        value.put("ok", 0.25);
        assertThat(Json.write(value)).isEqualTo("{\"nan\":null,\"inf\":null,\"ninf\":null,\"ok\":0.25}");
    }

    @Test
    void integersReadAsLongAndUnknownTypesWriteAsTheirString() {
        assertThat(Json.parse("[1, 3000000000, 2.5]")).isEqualTo(List.of(1L, 3_000_000_000L, 2.5));
        assertThat(Json.write(List.of(java.time.Duration.ofSeconds(2), java.nio.file.Path.of("/tmp/x"))))
                .isEqualTo("[\"PT2S\",\"/tmp/x\"]");
    }

    @Test
    void numbersJsonCannotHoldAreWrittenAsNull() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("nan", Double.NaN);
        value.put("inf", Double.POSITIVE_INFINITY);
        value.put("minus", Float.NEGATIVE_INFINITY);
        value.put("fine", 2.5);
        assertThat(Json.write(value)).isEqualTo("{\"nan\":null,\"inf\":null,\"minus\":null,\"fine\":2.5}");
    }
}
