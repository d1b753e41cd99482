// The docs' configuration table is the settings table of provider/settings.ts (one source of
// truth), and the README's Quickstart says exactly the two commands.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { settingsTable } from "../provider/settings";

test("the configuration table of docs/installation-configuration.md lists exactly the provider's settings", () => {
  const readme = readFileSync(join(__dirname, "..", "docs", "installation-configuration.md"), "utf8");
  const block = readme
    .slice(readme.indexOf("<!-- settings:start -->") + 23, readme.indexOf("<!-- settings:end -->"))
    .trim();
  expect(block).toBe(settingsTable());
});

test("the README's Quickstart says exactly the two commands", () => {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  expect(readme).toContain("## Quickstart\n\n```sh\nnpm install && npm run demo\nnpm test\n```");
});

test("the README is for users: at most 12 KB", () => {
  expect(readFileSync(join(__dirname, "..", "README.md")).length).toBeLessThanOrEqual(12 * 1024);
});
