// The JSON endpoints of `ksdiag serve` that the page uses; the same ones scripts use.
// Every request goes to this page's own origin (relative URLs), nothing else.

/** An answer the server gave but that is not a result: the message to show. */
export class ServerError extends Error {}

async function readError(res) {
  const text = await res.text();
  try {
    const j = JSON.parse(text);
    const msg = j.error ?? j.message ?? (j.result && j.result.message) ?? text;
    return typeof msg === "string" ? msg : JSON.stringify(msg);
  } catch {
    return text.trim() || `HTTP ${res.status} ${res.statusText}`;
  }
}

async function send(path, init) {
  let res;
  try {
    res = await fetch(path, { credentials: "same-origin", cache: "no-store", ...init });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ServerError("the ksdiag server does not answer: is `ksdiag serve` still running?");
  }
  if (!res.ok) throw new ServerError(await readError(res));
  return res;
}

// POST of a JSON body; the answer as it came.
function post(path, body, signal) {
  return send(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

export async function postJson(path, body, signal) {
  const res = await post(path, body, signal);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServerError(`the server's answer is not JSON: ${text.slice(0, 200)}`);
  }
  // An error object in a 200 answer (Kaltura style) is still an error.
  if (json && typeof json === "object" && !Array.isArray(json) && typeof json.error === "string" && !json.verdict) {
    throw new ServerError(json.error);
  }
  return json;
}

export async function postText(path, body, signal) {
  const res = await post(path, body, signal);
  return res.text();
}

export async function getJson(path, signal) {
  const res = await send(path, { signal });
  return res.json();
}

export async function getText(path, signal) {
  const res = await send(path, { signal });
  return res.text();
}
