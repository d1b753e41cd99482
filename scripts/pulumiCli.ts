// Finds (or builds) the Pulumi CLI that the tests, the demo and `npm run pulumi` use.
// Order: $PULUMI_CLI; a `pulumi` on PATH at least as new as the pinned release; a cached build
// in the user's cache directory; a build from the Go module proxy with the tool module in
// tools/pulumi-cli (go.mod/go.sum pin the release); the official `pulumi` npm package (which
// downloads the CLI from Pulumi, so it works only where that host is reachable).
// With the cached build, the plugins the official distribution ships beside the CLI are put beside
// it too: Pulumi's Node.js language host, built from its Go source in ../shared/pulumi-language-nodejs
// (the module proxy refuses that module; see its README), and the dynamic-provider launcher
// `pulumi-resource-pulumi-nodejs` from @pulumi/pulumi. The CLI looks for plugins next to its own
// binary first. A CLI from the user's own installation ($PULUMI_CLI, PATH) brings its own.
// `node dist/scripts/pulumiCli.js --ensure` prints the path, `--env` the shell line that puts it
// first on PATH; any other arguments run the CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";

export const PINNED_PULUMI_VERSION = "3.274.1";
/** The checkout: the nearest folder above this file with our package.json (source or dist/). */
export const repoRoot = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "pulumi-wassist")
      return dir;
  }
  throw new Error(`no pulumi-wassist checkout above ${__dirname}`);
})();

/** The project's cache, outside the checkout: `$XDG_CACHE_HOME/pulumi-wassist` or `~/.cache/pulumi-wassist`. */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-wassist");
}

export function cacheDir(): string {
  return join(cacheRoot(), `pulumi-v${PINNED_PULUMI_VERSION}`);
}

function versionOf(binary: string): string | undefined {
  const out = spawnSync(binary, ["version"], { encoding: "utf8", timeout: 30_000 });
  return out.status === 0 ? out.stdout.trim().replace(/^v/, "") : undefined;
}

function atLeast(version: string, wanted: string): boolean {
  const a = version.split(/[.-]/).map(Number);
  const b = wanted.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `go build` of `pkg` in `moduleDir` into `target` (written under another name, then renamed). */
function goBuild(moduleDir: string, pkg: string, target: string, tags: string[] = []): void {
  const go = onPath("go");
  if (!go) throw new Error("no `go` on PATH");
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  execFileSync(
    go,
    [
      "build",
      "-trimpath",
      ...(tags.length > 0 ? ["-tags", tags.join(",")] : []),
      "-ldflags",
      `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PINNED_PULUMI_VERSION}`,
      "-o",
      partial,
      pkg,
    ],
    {
      cwd: moduleDir,
      stdio: ["ignore", "inherit", "inherit"],
      // -mod=mod completes go.sum in the module cache: the host's source folder is read-only.
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
    },
  );
  chmodSync(partial, 0o755);
  renameSync(partial, target);
}

function buildFromGoModules(target: string, log: (line: string) => void): void {
  log(
    `building the Pulumi CLI v${PINNED_PULUMI_VERSION} from the Go module proxy (a few minutes on 2 cores)…`,
  );
  goBuild(join(repoRoot, "tools", "pulumi-cli"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", target, [
    "osusergo",
    "grpcnotrace",
  ]);
  log(`built ${target}`);
}

/** Where the Go source of Pulumi's Node.js language host is (../shared beside the checkout). */
export function languageHostSource(): string {
  return process.env.WASSIST_LANGUAGE_HOST_SOURCE ?? join(repoRoot, "..", "shared", "pulumi-language-nodejs");
}

/** sha256 of the host's Go source and module files: a change of the source rebuilds the host. */
function sourceDigest(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (!/\.go$|^go\.(mod|sum)$/.test(name)) continue;
    hash
      .update(`${name}\0`)
      .update(readFileSync(join(dir, name)))
      .update("\0");
  }
  return hash.digest("hex");
}

/**
 * Puts beside the cached CLI what the official distribution ships beside it: the Node.js language
 * host (built from source, rebuilt when the source changes) and the dynamic-provider launcher.
 */
export function ensureBundledPlugins(cli: string, log: (line: string) => void = console.error): void {
  const bin = dirname(cli);
  const source = languageHostSource();
  const host = join(bin, "pulumi-language-nodejs");
  const stamp = `${host}.source-sha256`;
  const built = existsSync(host) && existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
  if (!existsSync(join(source, "main.go"))) {
    // A checkout without ../shared beside it can still use a host built before.
    if (!built)
      throw new Error(
        `the Go source of Pulumi's Node.js language host is not at ${source} (set WASSIST_LANGUAGE_HOST_SOURCE)`,
      );
  } else if (built !== sourceDigest(source)) {
    log(`building Pulumi's Node.js language host v${PINNED_PULUMI_VERSION} from ${source}…`);
    goBuild(source, ".", host);
    writeFileSync(stamp, `${sourceDigest(source)}\n`);
    log(`built ${host}`);
  }
  const launcher = join(bin, "pulumi-resource-pulumi-nodejs");
  const shipped = join(
    dirname(require.resolve("@pulumi/pulumi/package.json")),
    "pulumi-resource-pulumi-nodejs",
  );
  if (!existsSync(launcher) || !readFileSync(launcher).equals(readFileSync(shipped))) {
    copyFileSync(shipped, `${launcher}.partial-${process.pid}`);
    chmodSync(`${launcher}.partial-${process.pid}`, 0o755);
    renameSync(`${launcher}.partial-${process.pid}`, launcher);
  }
}

/** The YAML language host's release: `go install` of its module builds it with its own pinned dependencies. */
export const YAML_HOST_VERSION = "1.25.0";

/** Where the Go source of Pulumi's Python language host is (../shared beside the checkout). */
export function pythonHostSource(): string {
  return process.env.WASSIST_PYTHON_HOST_SOURCE ?? join(repoRoot, "..", "shared", "pulumi-language-python");
}

/** Where the Go source of Pulumi's Go language host is (../shared beside the checkout). */
export function goHostSource(): string {
  return process.env.WASSIST_GO_HOST_SOURCE ?? join(repoRoot, "..", "shared", "pulumi-language-go");
}

/** Builds a language host from its source in ../shared once, and again when the source changes. */
function ensureHostFromSource(
  language: string,
  source: string,
  host: string,
  log: (line: string) => void,
): void {
  if (!existsSync(join(source, "main.go"))) return;
  const stamp = `${host}.source-sha256`;
  const built = existsSync(host) && existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
  if (built === sourceDigest(source)) return;
  log(`building Pulumi's ${language} language host v${PINNED_PULUMI_VERSION} from ${source}…`);
  goBuild(source, ".", host);
  writeFileSync(stamp, `${sourceDigest(source)}\n`);
  log(`built ${host}`);
}

/**
 * The other language hosts the official distribution ships beside the CLI, for the plugin's YAML,
 * Python and Go programs: `pulumi-language-yaml` (`go install` from the module proxy at
 * YAML_HOST_VERSION), `pulumi-language-python` and `pulumi-language-go` (built from their source
 * in ../shared, see their READMEs), and Python's shim `pulumi-language-python-exec` from the
 * `sdk/v3` module. Each is built once and again only when its version or source changes; a host
 * whose source is missing is left out (the tests that need it then say so).
 */
export function ensureLanguageHosts(cli: string, log: (line: string) => void = console.error): void {
  const bin = dirname(cli);
  const yaml = join(bin, "pulumi-language-yaml");
  const yamlStamp = `${yaml}.version`;
  if (
    !existsSync(yaml) ||
    !existsSync(yamlStamp) ||
    readFileSync(yamlStamp, "utf8").trim() !== YAML_HOST_VERSION
  ) {
    const go = onPath("go");
    if (!go) throw new Error("no `go` on PATH to build Pulumi's YAML language host");
    log(`building Pulumi's YAML language host v${YAML_HOST_VERSION} from the Go module proxy…`);
    const gobin = join(bin, `.gobin-${process.pid}`);
    execFileSync(
      go,
      [
        "install",
        "-trimpath",
        `github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v${YAML_HOST_VERSION}`,
      ],
      { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CGO_ENABLED: "0", GOBIN: gobin } },
    );
    renameSync(join(gobin, "pulumi-language-yaml"), yaml);
    rmSync(gobin, { recursive: true, force: true });
    writeFileSync(yamlStamp, `${YAML_HOST_VERSION}\n`);
    log(`built ${yaml}`);
  }
  const python = join(bin, "pulumi-language-python");
  ensureHostFromSource("Python", pythonHostSource(), python, log);
  ensureHostFromSource("Go", goHostSource(), join(bin, "pulumi-language-go"), log);
  const exec = join(bin, "pulumi-language-python-exec");
  if (existsSync(python) && !existsSync(exec)) {
    const go = onPath("go");
    if (!go) throw new Error("no `go` on PATH to fetch pulumi-language-python-exec");
    const module = JSON.parse(
      execFileSync(
        go,
        ["mod", "download", "-json", `github.com/pulumi/pulumi/sdk/v3@v${PINNED_PULUMI_VERSION}`],
        {
          encoding: "utf8",
        },
      ),
    ) as { Dir: string };
    copyFileSync(
      join(module.Dir, "python", "cmd", "pulumi-language-python-exec"),
      `${exec}.partial-${process.pid}`,
    );
    chmodSync(`${exec}.partial-${process.pid}`, 0o755);
    renameSync(`${exec}.partial-${process.pid}`, exec);
  }
}

/** The path of a usable Pulumi CLI; builds and caches one if needed. Throws with every attempt's reason. */
export interface FindOptions {
  log?: (line: string) => void;
  /** Try the Go build and the npm package when nothing usable is found (default true; tests turn them off). */
  install?: boolean;
}

export function findPulumiCli(options: FindOptions = {}): string {
  const { log = (line: string) => console.error(line), install = true } = options;
  const tried: string[] = [];
  const fromEnv = process.env.PULUMI_CLI;
  if (fromEnv) {
    const v = versionOf(fromEnv);
    if (v && atLeast(v, PINNED_PULUMI_VERSION)) return fromEnv;
    tried.push(
      `PULUMI_CLI=${fromEnv}: ${v ? `version ${v} is older than ${PINNED_PULUMI_VERSION}` : "`pulumi version` failed"}`,
    );
  }
  const path = onPath("pulumi");
  if (path) {
    const v = versionOf(path);
    if (v && atLeast(v, PINNED_PULUMI_VERSION)) return path;
    tried.push(
      `${path} on PATH: ${v ? `version ${v} is older than ${PINNED_PULUMI_VERSION}` : "`pulumi version` failed"}`,
    );
  } else {
    tried.push("no pulumi on PATH");
  }
  const cached = join(cacheDir(), "bin", "pulumi");
  if (existsSync(cached) && versionOf(cached) === PINNED_PULUMI_VERSION) {
    ensureBundledPlugins(cached, log);
    ensureLanguageHosts(cached, log);
    return cached;
  }
  tried.push(`${cached}: ${existsSync(cached) ? "wrong version" : "not built yet"}`);
  if (!install) throw notFound(tried);
  try {
    buildFromGoModules(cached, log);
    if (versionOf(cached) === PINNED_PULUMI_VERSION) {
      ensureBundledPlugins(cached, log);
      ensureLanguageHosts(cached, log);
      return cached;
    }
    tried.push(`go build: ${cached} does not print v${PINNED_PULUMI_VERSION}`);
  } catch (err) {
    tried.push(`go build from tools/pulumi-cli: ${(err as Error).message.split("\n")[0]}`);
  }
  try {
    log("trying the official `pulumi` npm package (downloads the CLI from Pulumi)…");
    const prefix = join(cacheDir(), "npm");
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", `pulumi@${PINNED_PULUMI_VERSION}`], {
      stdio: "inherit",
    });
    const bin = join(prefix, "node_modules", ".bin", "pulumi");
    if (existsSync(bin) && versionOf(bin)) return bin;
    tried.push("npm package `pulumi`: installed but no working binary");
  } catch (err) {
    tried.push(`npm package \`pulumi\`: ${(err as Error).message.split("\n")[0]}`);
  }
  throw notFound(tried);
}

function notFound(tried: string[]): Error {
  return new Error(`no Pulumi CLI could be found or built:\n${tried.map((t) => `  - ${t}`).join("\n")}`);
}

/** PATH for running the CLI: its own directory first (where its plugins are), then the caller's. */
export function pulumiPath(cli: string): string {
  return [dirname(cli), process.env.PATH ?? ""].join(delimiter);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    const cli = findPulumiCli();
    if (args[0] === "--ensure") {
      console.log(`${cli} (v${versionOf(cli)})`);
    } else if (args[0] === "--env") {
      // For `eval "$(node dist/scripts/pulumiCli.js --env)"`: this CLI and its plugins first on PATH.
      console.log(`export PATH=${JSON.stringify(dirname(cli))}:"$PATH"`);
    } else {
      // `npm run pulumi` runs scripts from the package root; INIT_CWD is where the person typed it.
      const cwd = process.env.INIT_CWD ?? process.cwd();
      const result = spawnSync(cli, args, {
        stdio: "inherit",
        cwd,
        env: { ...process.env, PATH: pulumiPath(cli) },
      });
      process.exit(result.status ?? 1);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
