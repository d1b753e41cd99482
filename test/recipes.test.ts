// The command blocks of the README, of CONTRIBUTING.md, of docs/ and of every example's README, run as written: in
// a scratch copy of the repository (its tracked files, this checkout's node_modules and dist/),
// with the emulator port swapped for a free one. Each block must exit 0, print what it promises,
// and leave no tracked file changed and no untracked file git does not ignore; afterwards the
// demo still runs there. Every sh block is either run here or named below with what runs it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cacheRoot, languageHostSource } from "../scripts/pulumiCli";

const REPO = join(__dirname, "..");

interface Block {
  file: string;
  section: string;
  text: string;
}

function shellBlocks(file: string): Block[] {
  const text = readFileSync(join(REPO, file), "utf8");
  const blocks: Block[] = [];
  let section = "";
  for (const part of text.split(/^(?=## )/m)) {
    section = /^## (.*)/.exec(part)?.[1] ?? section;
    for (const m of part.matchAll(/```sh\n([\s\S]*?)```/g))
      blocks.push({ file, section, text: m[1] as string });
  }
  return blocks;
}

const readmes = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(REPO, "docs")).map((d) => `docs/${d}`),
  ...readdirSync(join(REPO, "examples")).map((e) => `examples/${e}/README.md`),
].filter((f) => {
  try {
    readFileSync(join(REPO, f));
    return true;
  } catch {
    return false;
  }
});
const blocks = readmes.flatMap(shellBlocks);

/** Blocks run elsewhere, with what runs them. */
const RUN_ELSEWHERE: Record<string, string> = {
  "README.md#Quickstart": ".ci/run (npm ci, npm test) and the demo at the end of this file",
  "README.md#Using it in your own project": "test/consumer/consumer.e2e.test.ts",
  "docs/plugin.md#Dynamic resource or plugin?": "test/consumer/plugin.e2e.test.ts",
  "examples/organizations/README.md#Run it": "test/consumer/plugin.e2e.test.ts",
  "docs/installation-configuration.md#Install":
    "test/consumer/archive.e2e.test.ts (the YAML and Python blocks begin with it)",
  "docs/installation-configuration.md#YAML": "test/consumer/archive.e2e.test.ts",
  "docs/installation-configuration.md#Python": "test/consumer/archive.e2e.test.ts",
  "docs/installation-configuration.md#Go": "test/consumer/archive.e2e.test.ts",
  "docs/installation-configuration.md#pulumi package add": "test/consumer/packageAdd.e2e.test.ts",
  "docs/plugin.md#Many organizations in one stack": "test/consumer/sdk.e2e.test.ts",
  "docs/policy.md#Run it": "test/engine/policy.e2e.test.ts",
  "docs/recipes.md#A team backend: state without Pulumi Cloud": "test/engine/teamBackend.e2e.test.ts",
};
/** What each block run here must print. */
const PROMISES: Record<string, RegExp[]> = {
  // Regenerating from this checkout's schema changes no tracked file (checked after every block).
  "CONTRIBUTING.md#Changing an input or an output": [
    /unchanged provider\/resource\/args\.ts/,
    /unchanged provider\/dynamic\/phoneNumberRouting\.ts/,
    /unchanged docs\/reference\.md/,
    /unchanged test\/plugin\/__snapshots__\/wassist-schema\.json/,
    /regenerated sdk\/nodejs, sdk\/python, sdk\/go/,
  ],
  "examples/basic/README.md#": [/\+ 4 created/, /- 4 deleted/],
  "examples/gitops/README.md#": [
    /stack local is in sync: Wassist, the stack and the code agree/,
    /\| sales \| 447700900200 \| webhook "CRM intake" \| agent "Sales Bot" \| agent "Sales Bot" \| route it to agent "Sales Bot" \|/,
    /ci\/drift\.sh exited 3: the drift was found/,
    /- 4 deleted/,
  ],
};
const id = (b: Block) => `${b.file}#${b.section}`;
const toRun = blocks.filter((b) => !(id(b) in RUN_ELSEWHERE));

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "wassist-recipes-"));
  const copy = join(scratch, "repo");
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: REPO, encoding: "utf8" }).split("\0");
  for (const file of tracked.filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(REPO, file), join(copy, file));
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: copy });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "scratch copy");
  symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"), "dir");
  cpSync(join(REPO, "dist"), join(copy, "dist"), { recursive: true });
  mkdirSync(join(scratch, "home"));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a script in its own process group; whatever it leaves running is ended with the group. */
function bash(script: string, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn("bash", ["-euo", "pipefail", "-c", script], {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        HOME: join(scratch, "home"),
        XDG_CACHE_HOME: dirname(cacheRoot()),
        WASSIST_LANGUAGE_HOST_SOURCE: languageHostSource(),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    });
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    // A background process the script failed to stop keeps the pipes open: end the group at exit.
    child.once("exit", (code) => {
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // the group is gone already: the script stopped what it started
      }
      child.once("close", () => resolve({ code, out }));
    });
  });
}

test("every shell block is run here or by a named suite", () => {
  expect(blocks.map(id).filter((b) => !(b in RUN_ELSEWHERE) && !(b in PROMISES))).toEqual([]);
  expect(Object.keys(RUN_ELSEWHERE).every((key) => blocks.some((b) => id(b) === key))).toBe(true);
});

describe.each(toRun.map((b) => [id(b), b] as const))("%s", (_name, block) => {
  test("runs as written, prints what it promises and changes no tracked file", async () => {
    const port = await freePort();
    const cwd = join(scratch, "repo", dirname(block.file));
    const result = await bash(block.text.replaceAll("8050", String(port)), cwd);
    expect(result.code, result.out).toBe(0);
    for (const promise of PROMISES[id(block)] ?? []) expect(result.out).toMatch(promise);
    const status = execFileSync("git", ["status", "--porcelain"], {
      cwd: join(scratch, "repo"),
      encoding: "utf8",
    });
    expect(status).toBe("");
  });
});

test("afterwards the demo still runs in that copy", async () => {
  const result = await bash("node dist/scripts/demo.js", join(scratch, "repo"));
  expect(result.code, result.out).toBe(0);
  expect(result.out).toContain("demo: OK — drift detected, reconciled, and restored on destroy");
});
