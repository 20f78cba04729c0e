<?php
// Format 3 (PHP serialize), proven by PHP's own unserialize(): the official PHP client is not
// installable here, so this script sends what it sends (a JSON body with "format":"3" and
// "ignoreNull":true, values as strings) and reads every kind of answer the way it reads them
// (KalturaClientBase::doQueue unserializes, then throwExceptionIfError looks for an array with
// code and message): strings, objects, lists, null, errors, and a multirequest. Each answer must
// unserialize without a notice and serialize back to the very same bytes.
//
// Run: KSDIAG_BIN=target/debug/ksdiag php tests/e2e/php_format3.php
declare(strict_types=1);
error_reporting(E_ALL);
set_error_handler(function (int $no, string $msg, string $file, int $line): bool {
    throw new ErrorException($msg, 0, $no, $file, $line);
});

const PARTNER = 7373;
const SECRET = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
$passed = 0;
$failed = 0;

function check(string $name, bool $cond, string $detail = ''): void
{
    global $passed, $failed;
    if ($cond) { $passed++; echo "ok   $name\n"; } else { $failed++; echo "FAIL $name $detail\n"; }
}

function eq(string $name, $got, $want): void
{
    check($name, $got === $want, 'got ' . var_export($got, true) . ', want ' . var_export($want, true));
}

function start_server(): array
{
    $bin = getenv('KSDIAG_BIN') ?: 'ksdiag';
    $cmd = [$bin, 'serve', '--port', '0', '--partner', PARTNER . ':' . SECRET];
    $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);
    if (!is_resource($proc)) { throw new RuntimeException("cannot start $bin"); }
    $read = [$pipes[1]];
    $none = null;
    if (stream_select($read, $none, $none, 30) !== 1) { proc_terminate($proc, 9); throw new RuntimeException('no listening line in 30 s'); }
    $line = (string) fgets($pipes[1]);
    if (!preg_match('~^listening on (http://127\.0\.0\.1:[1-9][0-9]*)\n$~', $line, $m)) {
        proc_terminate($proc, 9);
        throw new RuntimeException('first line: ' . var_export($line, true));
    }
    return [$proc, $pipes[1], $m[1]];
}

// POST like KalturaClientBase: JSON body, values as strings, format 3, ignoreNull true.
function call(string $url, string $path, array $params): string
{
    $body = json_encode(['format' => '3', 'ignoreNull' => true, 'clientTag' => 'php5:26-04-25', 'apiVersion' => '22.18.0'] + $params);
    $ctx = stream_context_create(['http' => ['method' => 'POST', 'header' => "Content-Type: application/json\r\n",
        'content' => $body, 'ignore_errors' => true, 'timeout' => 10]]);
    $raw = file_get_contents("$url/api_v3/$path", false, $ctx);
    if ($raw === false) { throw new RuntimeException("no answer from $path"); }
    return $raw;
}

// unserialize() must accept the bytes, and serialize() must give them back unchanged.
function php_value(string $name, string $raw)
{
    try {
        $v = unserialize($raw, ['allowed_classes' => false]);
    } catch (Throwable $e) {
        check("$name: unserialize", false, $e->getMessage() . ' in ' . var_export(substr($raw, 0, 300), true));
        return null;
    }
    check("$name: unserialize", $v !== false || $raw === 'b:0;', var_export(substr($raw, 0, 300), true));
    eq("$name: serialize(unserialize(x)) === x", serialize($v), $raw);
    return $v;
}

// An object as unserialize() makes it without the client's classes: its class name and props.
function props($v): array
{
    if (!is_object($v)) { return ['__class' => gettype($v)]; }
    $a = (array) $v;
    $a['__class'] = $a['__PHP_Incomplete_Class_Name'] ?? get_class($v);
    unset($a['__PHP_Incomplete_Class_Name']);
    return $a;
}

function api(string $url, string $name, string $service, string $action, array $params)
{
    return php_value($name, call($url, "service/$service/action/$action", $params));
}

function expect_error(string $name, $v, string $code, string $message, array $args): void
{
    // KalturaClientBase::isError: an array with message and code.
    eq("$name: an error array", is_array($v) ? array_keys($v) : gettype($v), ['code', 'message', 'objectType', 'args']);
    if (is_array($v)) {
        eq("$name: error", [$v['code'], $v['message'], $v['objectType'], $v['args']], [$code, $message, 'KalturaAPIException', $args]);
    }
}

[$proc, $stdout, $url] = start_server();
try {
    $pid = (string) PARTNER;
    $ks = api($url, 'session.start: a string', 'session', 'start', ['secret' => SECRET, 'type' => '2', 'partnerId' => $pid]);
    check('session.start: a v2 KS', is_string($ks) && str_starts_with($ks, 'djJ8'), var_export($ks, true));
    expect_error('session.start wrong secret', api($url, 'session.start wrong secret', 'session', 'start', ['secret' => 'nope', 'partnerId' => $pid]),
        'START_SESSION_ERROR', "Error while starting session for partner [$pid]", ['PID' => $pid]);

    $w = props(api($url, 'startWidgetSession', 'session', 'startWidgetSession', ['widgetId' => "_$pid"]));
    eq('startWidgetSession: object', [$w['__class'], $w['partnerId'] ?? null, $w['userId'] ?? null, is_string($w['ks'] ?? null)],
        ['KalturaStartWidgetSessionResponse', PARTNER, 0, true]);
    $wks = (string) ($w['ks'] ?? '');

    $add = fn (string $h) => props(api($url, "appToken.add $h", 'apptoken', 'add', ['ks' => $ks, 'appToken' => ['objectType' => 'KalturaAppToken', 'hashType' => $h]]));
    $t = $add('SHA256');
    eq('appToken.add: object and types', [$t['__class'], $t['partnerId'] ?? null, $t['status'] ?? null, $t['hashType'] ?? null, is_int($t['createdAt'] ?? null), $t['sessionDuration'] ?? null],
        ['KalturaAppToken', PARTNER, 2, 'SHA256', true, 86400]);
    check('appToken.add: null properties are left out (__sleep)', !array_key_exists('sessionUserId', $t) && !array_key_exists('description', $t), implode(',', array_keys($t)));
    $other = $add('MD5');
    $got = props(api($url, 'appToken.get', 'apptoken', 'get', ['ks' => $ks, 'id' => $t['id']]));
    eq('appToken.get', [$got['__class'], $got['token'] ?? null], ['KalturaAppToken', $t['token']]);
    $list = props(api($url, 'appToken.list', 'apptoken', 'list', ['ks' => $ks]));
    $objects = $list['objects'] ?? null;
    eq('appToken.list: object, count, list of objects', [$list['__class'], $list['totalCount'] ?? null, is_array($objects) && array_is_list($objects)],
        ['KalturaAppTokenListResponse', 2, true]);
    eq('appToken.list: items', array_map(fn ($o) => props($o)['__class'], is_array($objects) ? $objects : []), ['KalturaAppToken', 'KalturaAppToken']);
    $upd = props(api($url, 'appToken.update', 'apptoken', 'update', ['ks' => $ks, 'id' => $t['id'], 'appToken' => ['objectType' => 'KalturaAppToken', 'description' => "caf\u{e9} \"quoted\""]]));
    eq('appToken.update: a UTF-8 string counted in bytes', $upd['description'] ?? null, "caf\u{e9} \"quoted\"");

    $hash = hash('sha256', $wks . $t['token']);
    $info = props(api($url, 'startSession', 'apptoken', 'startSession', ['ks' => $wks, 'id' => $t['id'], 'tokenHash' => $hash]));
    eq('startSession: KalturaSessionInfo', [$info['__class'], $info['privileges'] ?? null, $info['sessionType'] ?? null, is_int($info['expiry'] ?? null)],
        ['KalturaSessionInfo', "sessionid:{$t['id']},apptoken:{$t['id']}", 0, true]);
    eq('startSession: partnerId', (string) ($info['partnerId'] ?? ''), $pid);
    expect_error('startSession wrong hash', api($url, 'startSession wrong hash', 'apptoken', 'startSession', ['ks' => $wks, 'id' => $t['id'], 'tokenHash' => strtoupper($hash)]),
        'INVALID_APP_TOKEN_HASH', 'Invalid application token hash', []);
    expect_error('startSession unknown id', api($url, 'startSession unknown id', 'apptoken', 'startSession', ['ks' => $wks, 'id' => '0_zzzzzzzz', 'tokenHash' => $hash]),
        'APP_TOKEN_ID_NOT_FOUND', 'Application token id "0_zzzzzzzz" not found', ['ID' => '0_zzzzzzzz']);
    expect_error('a KS of random bytes', api($url, 'a KS of random bytes', 'apptoken', 'list', ['ks' => 'bm90IGEga3M=']),
        'INVALID_KS', 'Invalid KS "bm90IGEga3M=", Error "-1,INVALID_STR"', ['KSID' => 'bm90IGEga3M=', 'ERR_CODE' => '-1', 'ERR_DESC' => 'INVALID_STR']);
    $unknown = api($url, 'an action ksdiag does not emulate', 'media', 'list', ['ks' => $ks]);
    check('an action ksdiag does not emulate: an error array', is_array($unknown) && isset($unknown['code'], $unknown['message']), var_export($unknown, true));

    $raw = call($url, 'service/multirequest', ['ks' => $ks,
        '0' => ['service' => 'session', 'action' => 'startWidgetSession', 'widgetId' => "_$pid"],
        '1' => ['service' => 'apptoken', 'action' => 'get', 'id' => $t['id']],
        '2' => ['service' => 'apptoken', 'action' => 'startSession', 'id' => $t['id'], 'tokenHash' => 'x', 'ks' => '{1:result:ks}'],
        '3' => ['service' => 'apptoken', 'action' => 'delete', 'id' => $other['id']],
        '4' => ['service' => 'session', 'action' => 'start', 'secret' => SECRET, 'partnerId' => $pid],
        '5' => ['service' => 'apptoken', 'action' => 'list']]);
    $multi = php_value('multirequest', $raw);
    eq('multirequest: a list of six', is_array($multi) ? array_keys($multi) : gettype($multi), [0, 1, 2, 3, 4, 5]);
    if (is_array($multi) && count($multi) === 6) {
        eq('multirequest: items', [props($multi[0])['__class'], props($multi[1])['__class'], $multi[3], is_string($multi[4]), props($multi[5])['__class']],
            ['KalturaStartWidgetSessionResponse', 'KalturaAppToken', null, true, 'KalturaAppTokenListResponse']);
        eq('multirequest: the list after the delete', props($multi[5])['totalCount'] ?? null, 1);
        expect_error('multirequest: the error item', $multi[2], 'INVALID_APP_TOKEN_HASH', 'Invalid application token hash', []);
    }
    $del = call($url, 'service/apptoken/action/delete', ['ks' => $ks, 'id' => $t['id']]);
    eq('appToken.delete: N;', $del, 'N;');
    eq('appToken.delete: unserializes to null', php_value('appToken.delete', $del), null);
    // The legacy index.php form answers the same way.
    $legacy = php_value('index.php', call($url, 'index.php?service=apptoken&action=get', ['ks' => $ks, 'id' => $t['id']]));
    expect_error('index.php: a deleted token', $legacy, 'APP_TOKEN_ID_NOT_FOUND', "Application token id \"{$t['id']}\" not found", ['ID' => $t['id']]);
} catch (Throwable $e) {
    check('no exception', false, (string) $e);
} finally {
    proc_terminate($proc, 15);
    $rest = stream_get_contents($stdout);
    $status = proc_close($proc);
    eq('serve exits 0 on SIGTERM', $status, 0);
    eq('serve printed one line on stdout', $rest, '');
}
echo "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
