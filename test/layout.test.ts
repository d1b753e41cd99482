// The layout a newcomer relies on: tests mirror the sources, the lifecycle's files stay small, no
// function in provider/ grows past a screen, and comments name behaviours, not tracker numbers.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

const ROOT = join(__dirname, "..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every function, method and arrow function of `file` longer than `limit` lines, as "file:line name (n lines)". */
function longFunctions(file: string, limit: number): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart()) + 1;
      const name = node.name?.getText(source) ?? "(anonymous)";
      if (lines > limit)
        found.push(`${relative(ROOT, file)}:${lineOf(node.getStart())} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test("no file of provider/lifecycle/ is over 200 lines", () => {
  const files = tsFiles(join(ROOT, "provider", "lifecycle"));
  expect(files.length).toBeGreaterThanOrEqual(8);
  const long = files
    .map((file) => [relative(ROOT, file), readFileSync(file, "utf8").split("\n").length - 1] as const)
    .filter(([, lines]) => lines > 200);
  expect(long).toEqual([]);
});

test("no function in provider/ is over 50 lines", () => {
  // The measure itself finds a long function: this file's own, at a lower limit.
  expect(longFunctions(join(ROOT, "test", "layout.test.ts"), 10).join("\n")).toMatch(
    /^test\/layout\.test\.ts:\d+ longFunctions \(\d+ lines\)$/m,
  );
  expect(tsFiles(join(ROOT, "provider")).flatMap((file) => longFunctions(file, 50))).toEqual([]);
});

test("no comment or name in the code points at the tracker", () => {
  const dirs = ["provider", "emulator", "test", "scripts"];
  const hits = dirs
    .flatMap((dir) => tsFiles(join(ROOT, dir)))
    .flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (/issue [0-9]/i.test(line) ? [`${relative(ROOT, file)}:${i + 1}`] : [])),
    );
  expect(hits).toEqual([]);
});

/** The folders whose tests mirror the sources: test/<folder>/ for provider/<folder>/ (emulator/ for emulator/). */
const MIRRORED = [
  "wassist",
  "resource",
  "lifecycle",
  "dynamic",
  "plugin",
  "reads",
  "gitops",
  "policy",
  "emulator",
];
const sourceDir = (folder: string) =>
  folder === "emulator" ? join(ROOT, "emulator") : join(ROOT, "provider", folder);

test("a test's path names its source: test/<folder>/<file>[.<aspect>].test.ts tests <folder>/<file>.ts", () => {
  const tests = MIRRORED.flatMap((folder) =>
    tsFiles(join(ROOT, "test", folder)).map((file) => ({ folder, file })),
  );
  expect(tests.length).toBeGreaterThanOrEqual(35);
  const isOrphan = (folder: string, file: string) => {
    const inFolder = relative(join(ROOT, "test", folder), file);
    const source = join(sourceDir(folder), inFolder.replace(/(\.[a-z]+)?\.test\.ts$/i, ".ts"));
    return !tsFiles(sourceDir(folder)).includes(source);
  };
  // The check finds a test without a source, and finds the source of an aspect's test.
  expect(isOrphan("wassist", join(ROOT, "test", "wassist", "nothing.test.ts"))).toBe(true);
  expect(isOrphan("wassist", join(ROOT, "test", "wassist", "client.retry.test.ts"))).toBe(false);
  const orphans = tests
    .filter(({ folder, file }) => file.endsWith(".test.ts") && isOrphan(folder, file))
    .map(({ file }) => relative(ROOT, file));
  expect(orphans).toEqual([]);
});

test("every folder of provider/ has its test folder, and each lifecycle operation its test file", () => {
  const folders = readdirSync(join(ROOT, "provider"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(folders.filter((folder) => !MIRRORED.includes(folder))).toEqual([]);
  for (const folder of MIRRORED)
    expect(tsFiles(join(ROOT, "test", folder)).length, folder).toBeGreaterThan(0);
  const operations = ["check", "diff", "create", "read", "update", "delete"];
  const lifecycleTests = tsFiles(join(ROOT, "test", "lifecycle")).map((file) => relative(ROOT, file));
  for (const op of operations) expect(lifecycleTests).toContain(`test/lifecycle/${op}.test.ts`);
});
