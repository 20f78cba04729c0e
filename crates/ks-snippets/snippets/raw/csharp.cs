// A Kaltura app-token session without the client library (C#: System.Net.Http and
// System.Runtime.Serialization.Json, in both Mono and .NET 8).
// Mono: mcs -out:f.exe -r:System.Net.Http.dll -r:System.Xml.Linq.dll f.cs && mono f.exe
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

static class KalturaAppTokenSession
{
    static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

    static string Env(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            Console.Error.WriteLine("error: " + name + " is not set");
            Environment.Exit(2);
        }
        return value;
    }

    // Asks for XML (format 2): System.Xml.Linq reads it on Mono and .NET alike, and XML
    // values carry no JSON escapes to undo.
    static XElement Call(string service, string action, Dictionary<string, string> parameters)
    {
        var baseUrl = (Environment.GetEnvironmentVariable("KALTURA_SERVICE_URL") ?? "https://www.kaltura.com").TrimEnd('/');
        parameters["format"] = "2";
        // A form body: FormUrlEncodedContent percent-encodes the KS's + / = for the wire;
        // the server decodes them back, so it hashes the KS exactly as received.
        var response = Http.PostAsync(baseUrl + "/api_v3/service/" + service + "/action/" + action,
            new FormUrlEncodedContent(parameters)).Result;
        var result = XDocument.Parse(response.Content.ReadAsStringAsync().Result).Root.Element("result");
        // Kaltura answers errors with HTTP 200 and an <error> holding code and message.
        var error = result.Element("error");
        if (error != null)
        {
            Console.Error.WriteLine((string)error.Element("code") + ": " + (string)error.Element("message"));
            Environment.Exit(1);
        }
        return result;
    }

    static HashAlgorithm NewHash(string hashType)
    {
        switch (hashType.ToUpperInvariant())
        {
            case "MD5": return MD5.Create();
            case "SHA1": return SHA1.Create();
            case "SHA256": return SHA256.Create();
            case "SHA512": return SHA512.Create();
            default:
                Console.Error.WriteLine("error: KALTURA_HASH_TYPE must be MD5, SHA1, SHA256 or SHA512");
                Environment.Exit(2);
                return null;
        }
    }

    static void Main()
    {
        var partnerId = Env("KALTURA_PARTNER_ID");
        var tokenId = Env("KALTURA_APP_TOKEN_ID");
        var token = Env("KALTURA_APP_TOKEN");
        var hashType = Environment.GetEnvironmentVariable("KALTURA_HASH_TYPE") ?? "{{HASH}}";

        var widget = Call("session", "startWidgetSession",
            new Dictionary<string, string> { { "widgetId", "_" + partnerId } });
        // The KS exactly as received, then the token, nothing between, as UTF-8
        // (Encoding.Unicode would be UTF-16).
        var ks = (string)widget.Element("ks");
        string tokenHash;
        using (var algorithm = NewHash(hashType))
        {
            byte[] digest = algorithm.ComputeHash(Encoding.UTF8.GetBytes(ks + token));
            // BitConverter gives "AB-CD-..": drop the dashes and lowercase.
            tokenHash = BitConverter.ToString(digest).Replace("-", "").ToLowerInvariant();
        }

        var parameters = new Dictionary<string, string> { { "ks", ks }, { "id", tokenId }, { "tokenHash", tokenHash } };
        var userId = Environment.GetEnvironmentVariable("KALTURA_USER_ID");
        if (!string.IsNullOrEmpty(userId)) parameters["userId"] = userId;
        var session = Call("apptoken", "startSession", parameters);
        Console.WriteLine((string)session.Element("ks"));
    }
}
