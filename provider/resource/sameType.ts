// Compile-time checks that two descriptions of one thing agree (the published interfaces and the
// zod schemas they are parsed with): `const check: Same<A, B> = true` compiles only when A and B
// are the same type.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
