// A throwaway PostgreSQL 15 server (Debian's postgresql-15 binaries) for the team-backend suite:
// a cluster made by initdb in a temporary directory, listening on 127.0.0.1 on a free port, trust
// authentication, stopped and removed by `stop()`. PostgreSQL refuses to run as root, so under
// root the cluster belongs to the `postgres` system user the Debian package creates and its
// commands run through runuser. Only the server this module started is ever stopped.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** Where Debian's postgresql-15 puts its programs (override with PG_BIN). */
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface Postgres {
  /** The `postgres://` URL Pulumi logs in with (user postgres, database postgres, no TLS). */
  url: string;
  port: number;
  stop(): void;
}

/** A port on 127.0.0.1 that nothing listens on (just now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether the PostgreSQL programs are installed (.ci/run installs them where they are missing). */
export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "pg_ctl"));
}

export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), "wassist-postgres-"));
  const asRoot = userInfo().uid === 0;
  const run = (program: string, args: string[]) => {
    const [command, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, program), ...args]]
      : [join(PG_BIN, program), args];
    execFileSync(command, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  };
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const data = join(dir, "data");
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "server.log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "-w",
      "start",
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
