// Talking to the playground that served the page: every answer in the page's language.
import { page, t } from "./page.js";

export async function api(path, body) {
  const separator = path.includes("?") ? "&" : "?";
  let response;
  try {
    response = await fetch(path + separator + "lang=" + page.lang, body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  } catch {
    // No answer at all: the playground that served this page has stopped.
    throw new Error(t().gone);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error.message; } catch { /* plain text */ }
    throw new Error(message || response.statusText);
  }
  return JSON.parse(text);
}
