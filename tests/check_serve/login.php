<?php
// A PHP back end's Kaltura login, as people write it: it already holds an admin KS
// (session.start with the admin secret) for other work, and hashes that one.
//
// `php login.php buggy` hashes the admin KS but sends the widget KS (the planted bug: cause
// `different_ks`); `php login.php fixed` hashes the widget KS it sends. The app token's type is
// SHA256 (the test runs it with --hash-type sha256). No extension needed.

function call(string $service, string $action, array $params): array
{
    $url = getenv('KALTURA_SERVICE_URL') . "/api_v3/service/$service/action/$action";
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\n",
        'content' => json_encode($params + ['format' => 1]),
        'ignore_errors' => true,
    ]]);
    $result = json_decode((string) file_get_contents($url, false, $context), true);
    if (!is_array($result) || ($result['objectType'] ?? '') === 'KalturaAPIException') {
        fwrite(STDERR, ($result['code'] ?? 'no answer') . ': ' . ($result['message'] ?? '') . "\n");
        exit(1);
    }
    return $result;
}

$partnerId = getenv('KALTURA_PARTNER_ID');
// session.start answers the KS as a bare string.
$adminKs = (string) json_decode((string) file_get_contents(
    getenv('KALTURA_SERVICE_URL') . '/api_v3/service/session/action/start?format=1'
    . '&type=2&partnerId=' . urlencode($partnerId)
    . '&secret=' . urlencode(getenv('KALTURA_ADMIN_SECRET'))
));
$widget = call('session', 'startWidgetSession', ['widgetId' => "_$partnerId"]);
$hashed = ($argv[1] ?? '') === 'fixed' ? $widget['ks'] : $adminKs;
$session = call('apptoken', 'startSession', [
    'ks' => $widget['ks'],
    'id' => getenv('KALTURA_APP_TOKEN_ID'),
    'tokenHash' => hash('sha256', $hashed . getenv('KALTURA_APP_TOKEN')),
]);
echo 'logged in: ', substr($session['ks'], 0, 12), "...\n";
