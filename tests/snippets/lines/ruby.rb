
STDIN.each_line do |line|
  ks, token, = line.chomp.split("\t")
  puts token_hash(ks, token)
end
