// A user's project, outside the repository: the package packed as npm publishes it, a project laid
// out as `pulumi new typescript` lays it out (its Pulumi.yaml, package.json and tsconfig.json),
// dependencies installed from the registry, the Pulumi CLI with its real Node.js language host,
// and the emulator started from the installed package's `wassist-emulator` bin.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { pack } from "../pack";
import { findPulumiCli } from "../pulumiCli";
import { engineEnv, REPO } from "./engine";

/** The files of pulumi/templates' `typescript` template, as `pulumi new typescript --yes` writes them. */
export const TEMPLATE = {
  pulumiYaml: (name: string) =>
    `name: ${name}\ndescription: A minimal TypeScript Pulumi program\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n`,
  packageJson: (name: string) => ({
    name,
    main: "index.ts",
    devDependencies: { "@types/node": "^18", typescript: "^5.0.0" },
    dependencies: { "@pulumi/pulumi": "^3.113.0" },
  }),
  tsconfig: {
    compilerOptions: {
      strict: true,
      outDir: "bin",
      target: "es2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      sourceMap: true,
      experimentalDecorators: true,
      pretty: true,
      noFallthroughCasesInSwitch: true,
      noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
  },
};

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** Ends the commands still running (a test that timed out leaves its `npm install` behind). */
export function endRunning(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** Runs a command to its end (asynchronously: an emulator may answer from this process). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        running.delete(child);
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    running.add(child);
  });
}

/** Throws with the command's output unless it exited 0. */
export async function ok(result: Promise<Result>, what: string): Promise<Result> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

let tarball: Promise<string> | undefined;
/** The package as published (`npm run pack`, from this checkout's build), once per process. */
export function packedTarball(): Promise<string> {
  tarball ??= Promise.resolve(pack(mkdtempSync(join(tmpdir(), "wassist-pack-"))));
  return tarball;
}

/** The sections of a Markdown file's `## heading`: its fenced blocks by language. */
export function readmeBlocks(heading: string, file = join(REPO, "README.md")): Record<string, string[]> {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}" in ${file}`);
  const next = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, next < 0 ? undefined : next);
  const blocks: Record<string, string[]> = {};
  for (const m of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const lang = m[1] as string;
    blocks[lang] = [...(blocks[lang] ?? []), m[2] as string];
  }
  return blocks;
}

export interface Project {
  dir: string;
  stateDir: string;
  env: Record<string, string>;
  /** The CLI, with the project's environment. */
  pulumi(args: string[]): Promise<Result>;
  cleanup(): void;
}

/**
 * A new project in a temporary directory: the template's files (adjusted by `customize`), then
 * `npm install` of the packed package, as a user would run it.
 */
export async function newProject(options: {
  name: string;
  /** The program file (a TypeScript project's `index.ts`); none for a project of `files` only. */
  program?: { file: string; text: string };
  /** More files, or the template's replaced (a YAML or Python project's `Pulumi.yaml`). */
  files?: Record<string, string>;
  customize?: (files: {
    packageJson: Record<string, unknown>;
    tsconfig: Record<string, unknown> | null;
  }) => void;
}): Promise<Project> {
  const root = mkdtempSync(join(tmpdir(), "wassist-consumer-"));
  const dir = join(root, options.name);
  mkdirSync(dir);
  const files = {
    packageJson: TEMPLATE.packageJson(options.name) as Record<string, unknown>,
    tsconfig: structuredClone(TEMPLATE.tsconfig) as Record<string, unknown> | null,
  };
  options.customize?.(files);
  writeFileSync(join(dir, "Pulumi.yaml"), TEMPLATE.pulumiYaml(options.name));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(files.packageJson, null, 4)}\n`);
  if (files.tsconfig)
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(files.tsconfig, null, 4)}\n`);
  if (options.program) writeFileSync(join(dir, options.program.file), options.program.text);
  for (const [file, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, file), text);
  await ok(
    run("npm", ["install", "--no-audit", "--no-fund", await packedTarball()], { cwd: dir }),
    "npm install of the packed package",
  );
  const cli = findPulumiCli();
  mkdirSync(join(root, "state"));
  const env = engineEnv(root, cli);
  return {
    dir,
    stateDir: join(root, "state"),
    env,
    pulumi: (args) => run(cli, [...args, "--non-interactive"], { cwd: dir, env }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The emulator, started from a project's installed `wassist-emulator` bin on a free port. */
export async function installedEmulator(project: Project): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    join(project.dir, "node_modules", ".bin", "wassist-emulator"),
    ["--port", "0"],
    {
      cwd: project.dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) resolve(m[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`wassist-emulator exited ${code}: ${seen}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The seed's demo key, and the emulator URL the README's commands name (tests swap in their own). */
export const DEMO_KEY = "wsk_demo_acme_0123456789";
export const README_URL = "http://127.0.0.1:8050";

/** A number's live routing at the emulator at `url` (read with `key`): [defaultRouting, defaultWebhook, activeAgent]. */
export async function liveRouting(
  url: string,
  number: string,
  key: string = DEMO_KEY,
): Promise<[unknown, unknown, unknown]> {
  const res = await fetch(`${url}/api/v1/phone-numbers/${number}/`, { headers: { "x-api-key": key } });
  const n = (await res.json()) as Record<string, unknown>;
  // The emulator answers with nested objects, as Wassist does: compare their ids.
  const id = (ref: unknown) =>
    (ref !== null && typeof ref === "object" ? (ref as { id: unknown }).id : ref) ?? null;
  return [n.defaultRouting, id(n.defaultWebhook), id(n.activeAgent)];
}

/**
 * The projects of one suite, each removed after its test, and the emulator from the first one's
 * installed bin (started once, reset for every project that asks for it, stopped after the suite).
 */
export function useProjects(): {
  add(project: Project): Project;
  emulatorFor(project: Project): Promise<string>;
} {
  let emulator: { url: string; stop(): Promise<void> } | undefined;
  const projects: Project[] = [];
  afterEach(() => {
    for (const p of projects.splice(0)) p.cleanup();
  });
  afterAll(async () => {
    endRunning();
    await emulator?.stop();
  });
  return {
    add: (project) => {
      projects.push(project);
      return project;
    },
    emulatorFor: async (project) => {
      emulator ??= await installedEmulator(project);
      await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
      return emulator.url;
    },
  };
}

/** Every file under `dir`, recursively, with its text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((rel) => join(dir, rel))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

export async function pulumiIn(
  p: Project,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const r = await ok(
    run(findPulumiCli(), [...args, "--non-interactive"], {
      cwd: p.dir,
      env: { ...p.env, ...env },
    }),
    `pulumi ${args.join(" ")}`,
  );
  return `${r.stdout}${r.stderr}`;
}

/**
 * After a plugin program's first `up` (support to the CRM webhook): a dashboard change shows per
 * property in a plain `preview --diff`, `up` writes the routing back, `refresh` and a no-change
 * preview follow, `destroy` restores the original routing; the key is in no output and no state
 * file. With `installedVersion`, `pulumi plugin ls` must list that plugin version.
 */
export async function pluginLifecycle(
  p: Project,
  url: string,
  env: Record<string, string>,
  outputs: string[],
  installedVersion?: string,
): Promise<void> {
  expect(await liveRouting(url, SEED_IDS.numbers.support)).toEqual(["webhook", SEED_IDS.webhooks.crm, null]);
  if (installedVersion) {
    const plugins = await pulumiIn(p, ["plugin", "ls"], env);
    expect(plugins).toMatch(new RegExp(`wassist\\s+resource\\s+${installedVersion.replaceAll(".", "\\.")}`));
  }
  await fetch(`${url}/_emulator/phone-numbers/${SEED_IDS.numbers.support}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ routing: "agent", agentId: SEED_IDS.agents.support }),
  });
  const diff = await pulumiIn(p, ["preview", "--diff"], env);
  outputs.push(diff);
  expect(diff).toMatch(/~ routing\s*: "agent" => "webhook"/);
  expect(diff).toMatch(/\+ webhookId\s*: "5e7f9a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b4"/);
  outputs.push(await pulumiIn(p, ["up", "--yes"], env));
  expect(await liveRouting(url, SEED_IDS.numbers.support)).toEqual(["webhook", SEED_IDS.webhooks.crm, null]);
  outputs.push(await pulumiIn(p, ["refresh", "--yes"], env));
  outputs.push(await pulumiIn(p, ["preview", "--expect-no-changes"], env));
  const exported = await pulumiIn(p, ["stack", "export"], env);
  outputs.push(exported);
  outputs.push(await pulumiIn(p, ["destroy", "--yes"], env));
  expect(await liveRouting(url, SEED_IDS.numbers.support)).toEqual([
    "webhook",
    SEED_IDS.webhooks.zendesk,
    null,
  ]);
  // The plugin is the one installed, never one found on PATH.
  for (const text of outputs) expect(text).not.toContain("from $PATH");
  for (const text of [...outputs, ...filesUnder(p.stateDir).map((f) => f.text)])
    expect(text).not.toContain(DEMO_KEY);
}

/** The newest TypeScript npm serves (`npm view typescript version` on 2026-12-07). */
export const NEWEST_TYPESCRIPT = "7.0.2";

/** `tsc --noEmit` of the project: the template's TypeScript, or `typescript` from the registry. */
export async function typeCheck(p: Project, typescript?: string): Promise<void> {
  const tsc = (args: string[]) =>
    typescript
      ? ["exec", "--yes", `--package=typescript@${typescript}`, "--", "tsc", ...args]
      : ["exec", "--", "tsc", ...args];
  const version = await ok(run("npm", tsc(["--version"]), { cwd: p.dir }), "tsc --version");
  expect(version.stdout).toContain(`Version ${typescript ?? "5."}`);
  await ok(
    run("npm", tsc(["--noEmit", "-p", "."]), { cwd: p.dir }),
    `tsc ${typescript ?? "(the template's)"}`,
  );
}

/**
 * The project's PATH without any node_modules/.bin (npm puts this repository's on the test's PATH,
 * and Pulumi would take the plugin found there): the installed archive is the only plugin.
 */
export function pathWithoutPackageBins(p: Project): string {
  return (p.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
}

/** The writes the emulator at `url` saw, as "<organization> <path>", sorted: whose key made each. */
export async function writesByOrganization(url: string): Promise<string[]> {
  const seen = (await (await fetch(`${url}/_emulator/requests`)).json()) as {
    log: { method: string; path: string; organization?: string }[];
  };
  return seen.log
    .filter((r) => r.method === "POST")
    .map((r) => `${r.organization} ${r.path}`)
    .sort();
}
