/**
 * Warn in the console once per element and message: a widget that fails the same way on every
 * reload (a missing consultation, an adapter that cannot do something) must not flood the console.
 * The tag prefixes the message so a page with several widgets says which one speaks.
 */
const warned = new WeakMap<Element, Set<string>>();

export function warnOnce(element: Element, message: string): void {
  let seen = warned.get(element);
  if (!seen) warned.set(element, (seen = new Set()));
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`<${element.localName}>: ${message}`);
}
