// The real Pulumi engine, for the end-to-end tests, the demo and the benchmark: the CLI from
// pulumiCli.ts, the Automation API, a file:// backend and passphrase secrets in a temporary
// directory. Programs are inline (run in this process by the Automation API) or a directory (run
// by the CLI through Pulumi's Node.js language host). Nothing is put on NODE_PATH: each work
// directory gets a `node_modules` link to this checkout's, where the package links itself
// (`"pulumi-wassist": "file:."`), so that the program, its type check (ts-node) and the
// dynamic-provider process resolve packages as they would in a user's project.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { findPulumiCli, pulumiPath, repoRoot } from "../pulumiCli";

export const REPO = repoRoot;

/** Environment for a CLI run: the CLI's own directory (with its plugins) first on PATH. */
export function engineEnv(dir: string, cli: string): Record<string, string> {
  return {
    PATH: pulumiPath(cli),
    PULUMI_CONFIG_PASSPHRASE: "local-emulator-passphrase",
    PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
    PULUMI_HOME: join(dir, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

export interface EngineStack {
  stack: Stack;
  /** Temporary directory holding the state backend (and the program copy). */
  dir: string;
  cli: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

let command: Promise<{ cmd: PulumiCommand; cli: string }> | undefined;
export function pulumiCommand(): Promise<{ cmd: PulumiCommand; cli: string }> {
  command ??= (async () => {
    const cli = findPulumiCli();
    return { cli, cmd: await PulumiCommand.get({ root: dirname(dirname(cli)), skipVersionCheck: true }) };
  })();
  return command;
}

export interface StackOptions {
  /** An inline program, or… */
  program?: () => Promise<Record<string, unknown> | undefined>;
  /** …a directory program, copied into the temporary directory (without its stack files: tests
   * bring their own config) so that the checkout stays clean… */
  directory?: string;
  /** …unless it must run where it is (the repository's root project); its stack file is removed after. */
  inPlace?: boolean;
  project?: string;
  stackName?: string;
  config?: Record<string, { value: string; secret?: boolean }>;
  /**
   * Point the engine at the `wassist` provider plugin of the installed package, as a user's
   * Pulumi.yaml does (`plugins.providers`), for programs that declare wassist:index:… resources.
   */
  plugin?: boolean;
  /** With `plugin`: the directory of another `pulumi-resource-wassist` (the archive's executable). */
  pluginDir?: string;
}

/** The `plugins` section of a Pulumi.yaml whose project has the package in `node_modules`. */
export function pluginSettings(
  projectDir: string,
  pluginDir = join(projectDir, "node_modules", "pulumi-wassist", "bin"),
): { providers: { name: string; path: string }[] } {
  return {
    providers: [{ name: "wassist", path: pluginDir }],
  };
}

/** `dir/node_modules` → this checkout's node_modules (the dynamic-provider launcher resolves from the work directory). */
export function linkModules(dir: string): void {
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
}

export async function createStack(options: StackOptions): Promise<EngineStack> {
  const { cmd, cli } = await pulumiCommand();
  const dir = mkdtempSync(join(tmpdir(), "wassist-engine-"));
  mkdirSync(join(dir, "state"));
  const env = engineEnv(dir, cli);
  const stackName = options.stackName ?? "test";
  let stack: Stack;
  const cleanups = [() => rmSync(dir, { recursive: true, force: true })];
  if (options.directory) {
    const workDir = options.inPlace ? options.directory : join(dir, "program");
    if (options.inPlace)
      cleanups.push(() => rmSync(join(workDir, `Pulumi.${stackName}.yaml`), { force: true }));
    else {
      const source = options.directory;
      cpSync(source, workDir, {
        recursive: true,
        filter: (src) =>
          !src.includes("node_modules") && !/^Pulumi\.[^/]+\.yaml$/.test(src.slice(source.length + 1)),
      });
      linkModules(workDir);
    }
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir },
      { pulumiCommand: cmd, envVars: env },
    );
  } else {
    linkModules(dir);
    const project = options.project ?? "wassist-e2e";
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, projectName: project, program: options.program ?? (async () => undefined) },
      {
        workDir: dir,
        pulumiCommand: cmd,
        envVars: env,
        projectSettings: {
          name: project,
          runtime: "nodejs",
          backend: { url: `file://${join(dir, "state")}` },
          ...(options.plugin ? { plugins: pluginSettings(dir, options.pluginDir) } : {}),
        },
      },
    );
  }
  if (options.config) await stack.setAllConfig(options.config);
  return {
    stack,
    dir,
    cli,
    env,
    cleanup: async () => {
      for (const run of cleanups) run();
    },
  };
}
