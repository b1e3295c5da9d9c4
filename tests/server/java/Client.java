// A plain Java 17 client of the kyluat HTTP service: java.net.http only, no build tool.
//
// Run:  java Client.java http://127.0.0.1:8000
//
// It asks POST /v1/deadlines for a few receipts and limits and GET /v1/days/{date} for a few
// dates, and prints one line per answer, tab-separated:
//
//   METHOD <TAB> PATH <TAB> STATUS <TAB> REQUEST BODY (JSON, or -) <TAB> ANSWER (JSON)
//
// The service answers compact JSON on one line, so each answer is one printed line. The test
// suite (tests/server/test_java_client.py) compares every answer with the library's own.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

public class Client {
    static final List<String> DEADLINES = List.of(
        "{\"received_at\": \"2026-03-06T15:00:00+07:00\", \"limit\": \"5 ngày làm việc\"}",
        "{\"received_at\": \"2026-02-13T10:00:00+07:00\", \"limit\": {\"unit\": \"working_days\", \"amount\": 10}}",
        "{\"received_at\": \"2026-03-06T08:00:00Z\", \"limit\": {\"unit\": \"working_hours\", \"amount\": \"8\"}}",
        "{\"received_at\": \"2026-04-29\", \"limit\": \"15 ngày\"}",
        "{\"received_at\": \"2026-03-06T15:10:00+07:00\", \"limit\": \"3 ngày làm việc\", \"cutoff\": \"15:00\"}",
        // Refused: a moment without its offset (the body must say its zone).
        "{\"received_at\": \"2026-03-06T15:00\", \"limit\": \"5 ngày làm việc\"}"
    );

    static final List<String> DAYS = List.of("2026-01-02", "2026-01-10", "2026-02-17", "2026-09-02", "2026-03-06");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java Client.java BASE_URL");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)  // plain HTTP/1.1: no h2c upgrade attempt
            .connectTimeout(Duration.ofSeconds(10))
            .build();
        for (String body : DEADLINES) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/deadlines"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
            print(http, request, "POST", "/v1/deadlines", body);
        }
        for (String day : DAYS) {
            String path = "/v1/days/" + day;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET()
                .build();
            print(http, request, "GET", path, "-");
        }
    }

    static void print(HttpClient http, HttpRequest request, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String answer = response.body().replace("\n", " ");
        System.out.println(String.join("\t", method, path, Integer.toString(response.statusCode()), body, answer));
    }
}
