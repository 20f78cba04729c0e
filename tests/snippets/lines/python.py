

if __name__ == "__main__":
    import sys

    for line in sys.stdin:
        ks, token, _ = line.rstrip("\n").split("\t")
        print(token_hash(ks, token))
