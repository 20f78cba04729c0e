
while (my $line = <STDIN>) {
    chomp $line;
    my ($ks, $token) = split /\t/, $line;
    print token_hash($ks, $token), "\n";
}
