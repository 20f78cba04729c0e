// A Kaltura app-token session without a client library (Go standard library only).
//
// session.startWidgetSession, then appToken.startSession with
// tokenHash = lowercase hex of HASH(KS + token); prints the new KS.
// Environment: KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID,
// KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default {{HASH}}: the app
// token's hashType), KALTURA_USER_ID (optional).
package main

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"net/http"
	"os"
	"strings"
	"time"
)

var hashes = map[string]func() hash.Hash{
	"MD5": md5.New, "SHA1": sha1.New, "SHA256": sha256.New, "SHA512": sha512.New,
}

func env(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Fprintf(os.Stderr, "error: %s is not set\n", name)
		os.Exit(2)
	}
	return v
}

func call(service, action string, params map[string]any) map[string]any {
	params["format"] = 1
	body, _ := json.Marshal(params)
	url := strings.TrimRight(os.Getenv("KALTURA_SERVICE_URL"), "/")
	if url == "" {
		url = "https://www.kaltura.com"
	}
	url += "/api_v3/service/" + service + "/action/" + action
	// A JSON body with exactly "Content-Type: application/json"; format 1 asks for JSON.
	client := &http.Client{Timeout: 60 * time.Second}
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	defer resp.Body.Close()
	var result map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&result); err != nil {
		fmt.Fprintln(os.Stderr, "error: no JSON object from", url+":", err)
		os.Exit(2)
	}
	// Kaltura answers errors with HTTP 200 and an object holding code and message.
	if result["objectType"] == "KalturaAPIException" {
		fmt.Fprintf(os.Stderr, "%v: %v\n", result["code"], result["message"])
		os.Exit(1)
	}
	return result
}

func main() {
	partnerID := env("KALTURA_PARTNER_ID")
	tokenID := env("KALTURA_APP_TOKEN_ID")
	token := env("KALTURA_APP_TOKEN")
	hashType := strings.ToUpper(os.Getenv("KALTURA_HASH_TYPE"))
	if hashType == "" {
		hashType = "{{HASH}}"
	}
	newHash, ok := hashes[hashType]
	if !ok {
		fmt.Fprintln(os.Stderr, "error: KALTURA_HASH_TYPE must be MD5, SHA1, SHA256 or SHA512")
		os.Exit(2)
	}

	widget := call("session", "startWidgetSession", map[string]any{"widgetId": "_" + partnerID})
	// The KS exactly as received (the JSON decoder already undid any \/ escapes), then the
	// token, nothing between; Go strings are UTF-8 bytes already.
	ks, _ := widget["ks"].(string)
	h := newHash()
	h.Write([]byte(ks + token))
	// Sum(nil), not Sum(data): Sum appends the digest to its argument. EncodeToString is
	// lowercase and zero-padded.
	tokenHash := hex.EncodeToString(h.Sum(nil))

	params := map[string]any{"ks": ks, "id": tokenID, "tokenHash": tokenHash}
	if user := os.Getenv("KALTURA_USER_ID"); user != "" {
		params["userId"] = user
	}
	session := call("apptoken", "startSession", params)
	fmt.Println(session["ks"])
}
