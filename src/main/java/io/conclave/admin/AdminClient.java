package io.conclave.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** Asks one admin endpoint over HTTP (the JDK's client): what the one-shot commands and tests use. */
public final class AdminClient {

    private final HttpClient http;
    private final AdminAddress address;
    private final String token;

    /** @param token the bearer token, or null for an endpoint that takes none */
    public AdminClient(AdminAddress address, String token, Duration connectTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.address = address;
        this.token = token;
    }

    public AdminAddress address() {
        return address;
    }

    /** The answer to one GET: status code and body. */
    public record Answer(int status, String body) {
    }

    /** @throws IOException if the endpoint does not answer within {@code timeout} */
    public Answer get(String path, Duration timeout) throws IOException {
        try {
            HttpResponse<String> response = http.send(request(path).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Follows {@code /events}: runs {@code subscribed} once the endpoint has subscribed (no later event is
     * missed), then hands each event's JSON to {@code onEvent} until it returns false or the stream ends.
     * Returns the status code (200 when the stream was followed).
     */
    public int follow(Runnable subscribed, Predicate<String> onEvent) throws IOException {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request("/events").build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                return response.statusCode();
            }
            subscribed.run();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ") && !onEvent.test(line.substring("data: ".length()))) {
                        break;
                    }
                }
            }
            return 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address.url() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }
}
