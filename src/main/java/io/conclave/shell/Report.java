package io.conclave.shell;

import io.conclave.json.Json;

/** The answer to a query, both for people (text) and tools (a JSON-able value of maps and lists). */
public record Report(String text, Object json) {

    public String render(Format format) {
        return format == Format.json ? Json.write(json) : text;
    }
}
