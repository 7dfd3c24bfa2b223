// The package ships its types as `index.ts.d`, a name TypeScript never finds: what the server uses.
declare module 'unicode-confusables' {
  /** Each character replaced by its prototype in Unicode's confusables.txt; zero-width characters removed. */
  export function rectifyConfusion(text: string): string;
  const confusables: { rectifyConfusion: typeof rectifyConfusion };
  export default confusables;
}
