use strict;
use warnings;
use Digest;
use Encode qw(encode);

# tokenHash for Kaltura appToken.startSession: lowercase hex of {{HASH}}(KS + token).
sub token_hash {
    my ($ks, $token) = @_;
    # The KS exactly as startWidgetSession returned it (not uri_escape'd), then the token,
    # nothing between, as UTF-8 bytes (chomp values read from files); hexdigest is lowercase.
    return Digest->new('{{HASH_DASH}}')->add(encode('UTF-8', $ks . $token))->hexdigest;
}
