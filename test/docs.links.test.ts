// Every relative link in the README, the changelog, the docs and the examples' READMEs resolves to a file of
// the repository (and its #anchor, where it names one, to a heading of that file).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";

const REPO = join(__dirname, "..");
const pages = [
  "README.md",
  "CHANGELOG.md",
  "CONTRIBUTING.md",
  "bench/README.md",
  ...readdirSync(join(REPO, "docs")).map((d) => `docs/${d}`),
  ...readdirSync(join(REPO, "examples"))
    .map((e) => `examples/${e}/README.md`)
    .filter((f) => existsSync(join(REPO, f))),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(join(REPO, file), "utf8");
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1] as string)));
}

test.each(pages)("%s: every relative link resolves", (page) => {
  const text = readFileSync(join(REPO, page), "utf8").replace(/```[\s\S]*?```/g, "");
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
  const broken = links
    .filter((link) => !/^[a-z]+:/.test(link))
    .filter((link) => {
      const [path, anchor] = link.split("#");
      const target = path ? join(dirname(page), path) : page;
      if (!existsSync(join(REPO, target))) return true;
      return anchor !== undefined && target.endsWith(".md") && !anchorsIn(target).has(anchor);
    });
  expect(broken).toEqual([]);
});
