// The README's Quickstart says exactly the two commands, and the README is for users (the docs'
// configuration table is written by `npm run generate`: test/generate.test.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

test("the README's Quickstart says exactly the two commands", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  expect(readme).toContain("## Quickstart\n\n```sh\nnpm install && npm run demo\nnpm test\n```");
});

test("the README is for users: at most 12 KB", () => {
  expect(readFileSync(join(__dirname, "..", "README.md")).length).toBeLessThanOrEqual(12 * 1024);
});
