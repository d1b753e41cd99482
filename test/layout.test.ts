// The layout a newcomer relies on: the lifecycle's files stay small, no function in provider/ grows
// past a screen, and comments name behaviours, not tracker numbers.
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
