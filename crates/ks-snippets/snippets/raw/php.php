<?php
// A Kaltura app-token session without the client library (PHP 7.4+, no extension: allow_url_fopen, on by default).
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).

function env(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "error: $name is not set\n");
        exit(2);
    }
    return $value;
}

function call(string $service, string $action, array $params): array
{
    $url = rtrim(getenv('KALTURA_SERVICE_URL') ?: 'https://www.kaltura.com', '/')
        . "/api_v3/service/$service/action/$action";
    // A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\n",
        'content' => json_encode($params + ['format' => 1]),
        'ignore_errors' => true,
        'timeout' => 60,
    ]]);
    $body = file_get_contents($url, false, $context);
    $result = $body === false ? null : json_decode($body, true);
    if (!is_array($result)) {
        fwrite(STDERR, "error: no JSON answer from $url\n");
        exit(2);
    }
    // Kaltura answers errors with HTTP 200 and an object holding code and message.
    if (($result['objectType'] ?? '') === 'KalturaAPIException') {
        fwrite(STDERR, "{$result['code']}: {$result['message']}\n");
        exit(1);
    }
    return $result;
}

$partnerId = env('KALTURA_PARTNER_ID');
$tokenId = env('KALTURA_APP_TOKEN_ID');
$token = env('KALTURA_APP_TOKEN');
$hashType = getenv('KALTURA_HASH_TYPE') ?: '{{HASH}}';

$widget = call('session', 'startWidgetSession', ['widgetId' => "_$partnerId"]);
// The KS exactly as received (json_decode already undid the \/ escapes), then the token,
// nothing between; hash() without `true` returns lowercase, zero-padded hex.
$ks = $widget['ks'];
$tokenHash = hash(strtolower($hashType), $ks . $token);

$params = ['ks' => $ks, 'id' => $tokenId, 'tokenHash' => $tokenHash];
if (getenv('KALTURA_USER_ID')) {
    $params['userId'] = getenv('KALTURA_USER_ID');
}
$session = call('apptoken', 'startSession', $params);
echo $session['ks'], "\n";
