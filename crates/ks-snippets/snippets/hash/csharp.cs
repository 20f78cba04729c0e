using System;
using System.Security.Cryptography;
using System.Text;

static class KalturaTokenHash
{
    // tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
    public static string TokenHash(string ks, string token)
    {
        using (var algorithm = {{HASH}}.Create())
        {
            // The KS exactly as startWidgetSession returned it (not Uri.EscapeDataString'd),
            // then the token, nothing between, as UTF-8 (Encoding.Unicode is UTF-16).
            byte[] digest = algorithm.ComputeHash(Encoding.UTF8.GetBytes(ks + token));
            // BitConverter gives "AB-CD-..": drop the dashes and lowercase (the server
            // compares strictly).
            return BitConverter.ToString(digest).Replace("-", "").ToLowerInvariant();
        }
    }
}
