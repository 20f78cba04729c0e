<?php
// NOT Kaltura's client: a stand-in for the few classes of KalturaClient.php that
// `ksdiag snippet --lang php --flow client` uses, because the official PHP client is on
// Packagist only, which the test machines cannot reach (nor PyPI, npm or Debian has it).
// It requests and reads exactly as KalturaClientBase does (kaltura/KalturaGeneratedAPIClientsPHP,
// KalturaClientBase.php: doQueue, doPostRequest, throwExceptionIfError): a form POST to
// SERVICE_URL/api_v3/index.php?service=S&action=A with format=3, clientTag, ignoreNull and the
// client's ks, then unserialize() into the client's own classes (KalturaTypes.php names them
// as the server does, e.g. KalturaStartWidgetSessionResponse), and an array with code and
// message thrown as KalturaException(message, code).

class KalturaException extends Exception
{
    public function __construct($message, $code)
    {
        parent::__construct($message);
        // As the client: the code is Kaltura's string (INVALID_APP_TOKEN_HASH).
        $this->code = $code;
    }
}

class KalturaClientException extends Exception {}

abstract class KalturaObjectBase {}

class KalturaStartWidgetSessionResponse extends KalturaObjectBase
{
    public $partnerId;
    public $ks;
    public $userId;
}

class KalturaSessionInfo extends KalturaObjectBase
{
    public $ks;
    public $sessionType;
    public $partnerId;
    public $userId;
    public $expiry;
    public $privileges;
}

class KalturaConfiguration
{
    public $serviceUrl = 'http://www.kaltura.com/';
    public $format = 3;
    public $clientTag = 'php5:standin';
}

class KalturaServiceBase
{
    protected $client;
    public function __construct(KalturaClient $client) { $this->client = $client; }
}

class KalturaSessionService extends KalturaServiceBase
{
    public function startWidgetSession($widgetId, $expiry = 86400)
    {
        return $this->client->call('session', 'startWidgetSession',
            ['widgetId' => $widgetId, 'expiry' => $expiry], 'KalturaStartWidgetSessionResponse');
    }
}

class KalturaAppTokenService extends KalturaServiceBase
{
    public function startSession($id, $tokenHash, $userId = null, $type = null, $expiry = null, $sessionPrivileges = null)
    {
        return $this->client->call('apptoken', 'startSession', [
            'id' => $id, 'tokenHash' => $tokenHash, 'userId' => $userId, 'type' => $type,
            'expiry' => $expiry, 'sessionPrivileges' => $sessionPrivileges,
        ], 'KalturaSessionInfo');
    }
}

class KalturaClient
{
    public $session;
    public $appToken;
    private $config;
    private $ks;

    public function __construct(KalturaConfiguration $config)
    {
        $this->config = $config;
        $this->session = new KalturaSessionService($this);
        $this->appToken = new KalturaAppTokenService($this);
    }

    public function setKs($ks) { $this->ks = $ks; }

    public function call($service, $action, array $params, $type)
    {
        // addParam skips nulls; then the basic params and the ks, as doQueue adds them.
        $params = array_filter($params, function ($v) { return $v !== null; });
        $params += ['format' => $this->config->format, 'clientTag' => $this->config->clientTag, 'ignoreNull' => true];
        if ($this->ks !== null) {
            $params['ks'] = $this->ks;
        }
        ksort($params);
        $sig = '';
        foreach ($params as $k => $v) { $sig .= $k . $v; }
        $params['kalsig'] = md5($sig);
        $url = $this->config->serviceUrl . "/api_v3/index.php?service=$service&action=$action";
        $ctx = stream_context_create(['http' => [
            'method' => 'POST',
            'header' => "Accept-language: en\r\nContent-type: application/x-www-form-urlencoded\r\n",
            'content' => http_build_query($params, '', '&'),
            'ignore_errors' => true,
        ]]);
        $body = @file_get_contents($url, false, $ctx);
        if ($body === false) {
            throw new KalturaClientException("Problem with $url");
        }
        $result = @unserialize($body);
        if ($result === false && serialize(false) !== $body) {
            throw new KalturaClientException("failed to unserialize server result\n$body");
        }
        if (is_array($result) && isset($result['code'], $result['message'])) {
            throw new KalturaException($result['message'], $result['code']);
        }
        if (!($result instanceof $type)) {
            throw new KalturaClientException("Invalid object type: " . (is_object($result) ? get_class($result) : gettype($result)));
        }
        return $result;
    }
}
