// A Kaltura app-token session without the client library (Java 17+, java.net.http only).
// Run as a single file: java F.java
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class KalturaAppTokenSession {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("error: " + name + " is not set");
            System.exit(2);
        }
        return value;
    }

    /** JSON string literal: the values here are KS, ids, hex and user ids. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** A string field of a flat JSON object, with its escapes (\/, \", \\u....) undone. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) return null;
        String s = m.group(1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { out.append(c); continue; }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> { out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                default -> out.append(e); // \/ \" \\
            }
        }
        return out.toString();
    }

    static String call(String service, String action, Map<String, String> params) throws Exception {
        String base = System.getenv().getOrDefault("KALTURA_SERVICE_URL", "https://www.kaltura.com").replaceAll("/+$", "");
        StringBuilder body = new StringBuilder("{\"format\":1");
        params.forEach((k, v) -> body.append(',').append(quote(k)).append(':').append(quote(v)));
        body.append('}');
        // A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api_v3/service/" + service + "/action/" + action))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        String result = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        // Kaltura answers errors with HTTP 200 and an object holding code and message.
        if ("KalturaAPIException".equals(field(result, "objectType"))) {
            System.err.println(field(result, "code") + ": " + field(result, "message"));
            System.exit(1);
        }
        return result;
    }

    public static void main(String[] args) throws Exception {
        String partnerId = env("KALTURA_PARTNER_ID");
        String tokenId = env("KALTURA_APP_TOKEN_ID");
        String token = env("KALTURA_APP_TOKEN");
        String hashType = System.getenv().getOrDefault("KALTURA_HASH_TYPE", "{{HASH}}").toUpperCase();

        String widget = call("session", "startWidgetSession", Map.of("widgetId", "_" + partnerId));
        // The KS exactly as received, its JSON escapes (\/) undone, then the token, nothing
        // between, as UTF-8 (not the platform's default charset).
        String ks = field(widget, "ks");
        MessageDigest md = MessageDigest.getInstance(hashType.replaceFirst("^SHA", "SHA-"));
        byte[] digest = md.digest((ks + token).getBytes(StandardCharsets.UTF_8));
        // HexFormat is lowercase and keeps leading zeros; BigInteger.toString(16) drops them.
        String tokenHash = HexFormat.of().formatHex(digest);

        Map<String, String> params = new LinkedHashMap<>();
        params.put("ks", ks);
        params.put("id", tokenId);
        params.put("tokenHash", tokenHash);
        String userId = System.getenv("KALTURA_USER_ID");
        if (userId != null && !userId.isEmpty()) params.put("userId", userId);
        String session = call("apptoken", "startSession", params);
        System.out.println(field(session, "ks"));
    }
}
