
for (const line of require('fs').readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  const [ks, token] = line.split('\t');
  console.log(tokenHash(ks, token));
}
