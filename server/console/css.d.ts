/** A stylesheet imported by a view: its text (server/build.mjs, plugin `css-text`). */
declare module '*.css' {
  const text: string;
  export default text;
}
