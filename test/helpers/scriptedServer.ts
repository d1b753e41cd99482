// A loopback HTTP server that answers from a script, one step per request, and records what it
// received (the style of undici's own fault tests).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { status: number; headers?: Record<string, string>; raw: string }
  | { drop: true }
  | { delayMs: number; then: Step };

export interface ScriptedServer {
  url: string;
  /** What arrived, in order, with the time it arrived (ms since the epoch). */
  received: { method: string; path: string; headers: IncomingMessage["headers"]; body: string; at: number }[];
  close(): Promise<void>;
}

export async function scriptedServer(script: Step[]): Promise<ScriptedServer> {
  const received: ScriptedServer["received"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        at: Date.now(),
      });
      const play = (step: Step | undefined): void => {
        if (!step) {
          res.writeHead(500, { "content-type": "application/json" }).end('{"error":"script exhausted"}');
        } else if ("drop" in step) {
          req.socket.destroy();
        } else if ("delayMs" in step) {
          setTimeout(() => play(step.then), step.delayMs);
        } else if ("raw" in step) {
          res.writeHead(step.status, { "content-type": "text/plain", ...step.headers }).end(step.raw);
        } else {
          res
            .writeHead(step.status, { "content-type": "application/json", ...step.headers })
            .end(JSON.stringify(step.body ?? {}));
        }
      };
      play(script[received.length - 1]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
