// The fixture server: model pages of impact.com at their real paths on 127.0.0.1.
//   /fx/<file>           static file from tests/e2e/fixtures/
//   any other path       tests/e2e/fixtures/<fx>.html (query ?fx=, default "app"; may hold "/")
//   /vendor/driver.js/<file>  driver.js from node_modules (the benchmark's comparison)
//   ?csp=strict          adds the strict Content-Security-Policy the issue names
//   ?delay=<ms>          (on /fx/ files) answers that much later, e.g. a slow deferred script
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const DRIVER = fileURLToPath(new URL("../../../node_modules/driver.js/dist/", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json",
};
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

export function startServer() {
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url, "http://127.0.0.1");
    let file;
    let base = FIXTURES;
    if (u.pathname.startsWith("/fx/")) {
      file = normalize(join(FIXTURES, decodeURIComponent(u.pathname.slice(4))));
    } else if (u.pathname.startsWith("/vendor/driver.js/")) {
      base = DRIVER;
      file = normalize(join(DRIVER, decodeURIComponent(u.pathname.slice(18))));
    } else if (u.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    } else {
      // `fx` may name a page in a subfolder (`blind/flags/cards-en`); `..` cannot escape (below).
      const fx = (u.searchParams.get("fx") || "app").replace(/[^a-z0-9_/-]/gi, "");
      file = normalize(join(FIXTURES, `${fx}.html`));
    }
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    const delay = Math.min(+(u.searchParams.get("delay") || 0), 20000);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    try {
      const body = await readFile(file);
      const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream",
        "cache-control": "no-store" };
      const referer = req.headers.referer ? new URL(req.headers.referer) : null;
      const strict = u.searchParams.get("csp") === "strict" ||
        (u.pathname.startsWith("/fx/") && referer?.searchParams.get("csp") === "strict");
      if (strict && extname(file) === ".html") headers["content-security-policy"] = STRICT_CSP;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
