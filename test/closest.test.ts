// "Did you mean": the edit distance, and candidates ordered by it (letter case aside, ties kept in
// their order).
import { expect, test } from "vitest";
import { closestFirst, editDistance } from "../provider/closest";

test.each([
  ["", "", 0],
  ["abc", "", 3],
  ["", "abc", 3],
  ["abc", "abc", 0],
  ["kitten", "sitting", 3],
  ["flaw", "lawn", 2],
  ["ab", "ba", 2],
  ["apikey", "apiKey", 1],
  ["baseUrl2", "baseUrl", 1],
])("editDistance(%j, %j) is %i", (a, b, distance) => {
  expect(editDistance(a, b)).toBe(distance);
  expect(editDistance(b, a)).toBe(distance);
});

test("closest first, letter case aside; ties keep the candidates' order", () => {
  expect(closestFirst("APIKEY", ["rateLimit", "baseUrl", "apiKey"])).toEqual([
    "apiKey",
    "baseUrl",
    "rateLimit",
  ]);
  expect(closestFirst("cc", ["bb", "aa", "c"])).toEqual(["c", "bb", "aa"]);
  expect(closestFirst("x", [])).toEqual([]);
});
