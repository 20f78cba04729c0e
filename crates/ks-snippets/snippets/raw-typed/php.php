<?php
// A Kaltura app-token session without the client library, for an app token of any hashType
// (PHP 7.4+, no extension: allow_url_fopen, on by default). It reads the type first:
// session.start with the admin secret (an ADMIN KS), appToken.get, then
// session.startWidgetSession and appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token), HASH the app token's hashType; prints the new KS.
// The answers are read in format 3 (PHP serialize), as Kaltura's PHP client reads them.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_ADMIN_SECRET, KALTURA_USER_ID (optional).
// The admin secret opens the whole partner: run this on a server you trust, never in a page.

function env(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "error: $name is not set\n");
        exit(2);
    }
    return $value;
}

function call(string $service, string $action, array $params)
{
    $url = rtrim(getenv('KALTURA_SERVICE_URL') ?: 'https://www.kaltura.com', '/')
        . "/api_v3/service/$service/action/$action";
    // A form body, as KalturaClientBase::doPostRequest sends it; format 3 asks for serialize().
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
        'content' => http_build_query($params + ['format' => 3, 'ignoreNull' => 1]),
        'ignore_errors' => true,
        'timeout' => 60,
    ]]);
    $body = file_get_contents($url, false, $context);
    // No class of the answer is made: an object comes back as __PHP_Incomplete_Class, read
    // here as an array of its properties.
    $result = $body === false ? false : @unserialize($body, ['allowed_classes' => false]);
    if ($result === false && $body !== 'b:0;') {
        fwrite(STDERR, "error: no format-3 answer from $url\n");
        exit(2);
    }
    if (is_object($result)) {
        $result = (array) $result;
    }
    // Kaltura answers errors with HTTP 200 and an array holding code and message
    // (what KalturaClientBase::throwExceptionIfError looks for).
    if (is_array($result) && isset($result['code'], $result['message'])) {
        fwrite(STDERR, "{$result['code']}: {$result['message']}\n");
        exit(1);
    }
    return $result;
}

$partnerId = env('KALTURA_PARTNER_ID');
$tokenId = env('KALTURA_APP_TOKEN_ID');
$token = env('KALTURA_APP_TOKEN');

// appToken.get needs an ADMIN KS (type 2) of the token's partner.
$adminKs = call('session', 'start', [
    'secret' => env('KALTURA_ADMIN_SECRET'),
    'partnerId' => $partnerId,
    'type' => 2,
]);
$appToken = call('apptoken', 'get', ['ks' => $adminKs, 'id' => $tokenId]);
// A token made without a hashType is SHA1 on the server (AppToken::getHashType's default).
$hashType = strtolower($appToken['hashType'] ?? '') ?: 'sha1';

$widget = call('session', 'startWidgetSession', ['widgetId' => "_$partnerId"]);
// The widget KS exactly as received, then the token, nothing between: not the admin KS.
$ks = $widget['ks'];
$tokenHash = hash($hashType, $ks . $token);

$params = ['ks' => $ks, 'id' => $tokenId, 'tokenHash' => $tokenHash];
if (getenv('KALTURA_USER_ID')) {
    $params['userId'] = getenv('KALTURA_USER_ID');
}
$session = call('apptoken', 'startSession', $params);
echo $session['ks'], "\n";
