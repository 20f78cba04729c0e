public class Main {
    public static void main(String[] args) throws Exception {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "UTF-8"));
        var out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t");
            out.append(KalturaTokenHash.tokenHash(f[0], f[1])).append('\n');
        }
        System.out.print(out);
    }
}
