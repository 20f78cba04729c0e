import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

class KalturaTokenHash {
    /** tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token). */
    static String tokenHash(String ks, String token) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("{{HASH_DASH}}");
        // The KS exactly as startWidgetSession returned it (not URLEncoder'd), then the
        // token, nothing between, as UTF-8 (not the platform's default charset).
        byte[] digest = md.digest((ks + token).getBytes(StandardCharsets.UTF_8));
        // HexFormat (Java 17) is lowercase and keeps leading zeros; BigInteger drops them.
        return HexFormat.of().formatHex(digest);
    }
}
