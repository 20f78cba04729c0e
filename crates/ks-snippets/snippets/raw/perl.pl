#!/usr/bin/env perl
# A Kaltura app-token session without the client library (Perl core modules only).
#
# session.startWidgetSession, then appToken.startSession with
# tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
# Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
# KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
# token's hashType), KALTURA_USER_ID (optional).
use strict;
use warnings;
use Digest::MD5 qw(md5_hex);
use Digest::SHA qw(sha1_hex sha256_hex sha512_hex);
use Encode qw(encode);
use HTTP::Tiny;
use JSON::PP;

my %hex_digest = (MD5 => \&md5_hex, SHA1 => \&sha1_hex, SHA256 => \&sha256_hex, SHA512 => \&sha512_hex);
my $service_url = $ENV{KALTURA_SERVICE_URL} || 'https://www.kaltura.com';
$service_url =~ s{/+$}{};
my $http = HTTP::Tiny->new(timeout => 60);

sub env {
    my ($name) = @_;
    my $value = $ENV{$name};
    die "error: $name is not set\n" unless defined $value && length $value;
    return $value;
}

sub call {
    my ($service, $action, %params) = @_;
    # A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
    my $response = $http->post(
        "$service_url/api_v3/service/$service/action/$action",
        { headers => { 'Content-Type' => 'application/json' },
          content => encode_json({ %params, format => 1 }) });
    my $result = eval { decode_json($response->{content}) }
        or die "error: no JSON answer ($response->{status} $response->{reason})\n";
    # Kaltura answers errors with HTTP 200 and an object holding code and message.
    if (ref $result eq 'HASH' && ($result->{objectType} // '') eq 'KalturaAPIException') {
        print STDERR "$result->{code}: $result->{message}\n";
        exit 1;
    }
    return $result;
}

my $partner_id = env('KALTURA_PARTNER_ID');
my $token_id = env('KALTURA_APP_TOKEN_ID');
my $token = env('KALTURA_APP_TOKEN');
my $hash_type = uc($ENV{KALTURA_HASH_TYPE} || '{{HASH}}');
my $digest = $hex_digest{$hash_type}
    or die "error: KALTURA_HASH_TYPE must be MD5, SHA1, SHA256 or SHA512\n";

my $widget = call('session', 'startWidgetSession', widgetId => "_$partner_id");
# The KS exactly as received (decode_json already undid any \/ escapes), then the token,
# nothing between, as UTF-8 bytes; *_hex is lowercase and zero-padded.
my $ks = $widget->{ks};
my $token_hash = $digest->(encode('UTF-8', $ks . $token));

my %params = (ks => $ks, id => $token_id, tokenHash => $token_hash);
$params{userId} = $ENV{KALTURA_USER_ID} if $ENV{KALTURA_USER_ID};
my $session = call('apptoken', 'startSession', %params);
print "$session->{ks}\n";
