
while (($line = fgets(STDIN)) !== false) {
    [$ks, $token] = explode("\t", rtrim($line, "\n"));
    echo tokenHash($ks, $token), "\n";
}
