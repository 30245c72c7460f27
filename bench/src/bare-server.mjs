// The reference server: node:http with nothing in front, replying with bytes captured from the API.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [bodyFile, contentType, port] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": contentType, "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 5_000;
server.listen(Number(port), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
