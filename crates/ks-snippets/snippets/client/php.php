<?php
// A Kaltura app-token session with Kaltura's official PHP client: KalturaClient.php, from the
// php5 folder of the client library (Kaltura's client libraries page, or kaltura/
// KalturaGeneratedAPIClientsPHP); it asks for format 3 (PHP serialize) and unserializes.
// (`composer require kaltura/api-client-library` installs the namespaced Kaltura\Client
// flavour instead, whose classes are named differently.)
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional), KALTURA_PHP_CLIENT (the path of
// KalturaClient.php; default: found on the include_path).

function env(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "error: $name is not set\n");
        exit(2);
    }
    return $value;
}

require_once getenv('KALTURA_PHP_CLIENT') ?: 'KalturaClient.php';

$partnerId = env('KALTURA_PARTNER_ID');
$tokenId = env('KALTURA_APP_TOKEN_ID');
$token = env('KALTURA_APP_TOKEN');
$hashType = getenv('KALTURA_HASH_TYPE') ?: '{{HASH}}';

$config = new KalturaConfiguration();
// No final '/': the client appends "/api_v3/...".
$config->serviceUrl = rtrim(getenv('KALTURA_SERVICE_URL') ?: 'https://www.kaltura.com', '/');
$client = new KalturaClient($config);
try {
    $widget = $client->session->startWidgetSession("_$partnerId");
    // The startSession call must carry the widget KS, and hash that same KS.
    $client->setKs($widget->ks);
    // The KS exactly as received, then the token, nothing between; hash() without `true`
    // returns lowercase, zero-padded hex.
    $tokenHash = hash(strtolower($hashType), $widget->ks . $token);
    $session = $client->appToken->startSession($tokenId, $tokenHash, getenv('KALTURA_USER_ID') ?: null);
} catch (KalturaException $e) {
    // The client throws Kaltura's error code (INVALID_APP_TOKEN_HASH) as the exception's code.
    fwrite(STDERR, $e->getCode() . ': ' . $e->getMessage() . "\n");
    exit(1);
}
echo $session->ks, "\n";
