// The README's configuration table is the settings table of provider/settings.ts: one source of truth.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { settingsTable } from "../provider/settings";

test("the README's configuration table lists exactly the provider's settings", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const block = readme
    .slice(readme.indexOf("<!-- settings:start -->") + 23, readme.indexOf("<!-- settings:end -->"))
    .trim();
  expect(block).toBe(settingsTable());
});

test("the README's Quickstart says exactly the two commands", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  expect(readme).toContain("## Quickstart\n\n```sh\nnpm install && npm run demo\nnpm test\n```");
});
