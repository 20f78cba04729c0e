static class Program
{
    static void Main()
    {
        string line;
        while ((line = System.Console.ReadLine()) != null)
        {
            var f = line.Split('\t');
            System.Console.WriteLine(KalturaTokenHash.TokenHash(f[0], f[1]));
        }
    }
}
