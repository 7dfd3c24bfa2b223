// Vue and Svelte template types for the elements, generated from custom-elements.json by
// custom-element-vuejs-integration and custom-element-svelte-integration (run by build.mjs after
// cem): dist/types/vue.d.ts (`consult-widgets/vue`) and dist/types/svelte.d.ts
// (`consult-widgets/svelte`). The generators are fed a manifest adjusted for what both frameworks do
// at run time, and their Svelte output is mended where it does not compile; docs/decisions.md
// "Issue 13: Vue and Svelte" says why each step is there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';
import { generateSvelteTypes } from 'custom-element-svelte-integration';

const OUT = 'dist/types';
/** The generated files import the element classes and event details from here (relative to OUT). */
const TYPES_FROM = '../index.js';

/**
 * The manifest as Vue and Svelte see the elements. Both set a template binding as a PROPERTY when
 * the element has a property of that name (`key in el`), else as an attribute. So:
 * - an attribute whose name is also a property's (`adapter`: the attribute is `adapterName`, the
 *   property an adapter object) can never be reached from a template: `adapter="x"` would set the
 *   object property to a string. The attribute is dropped and its field offered by its property
 *   name (`adapterName`), which the frameworks do set as a property.
 * - each `consult-*` event gets its detail type, named after the event (`consult-vote` →
 *   `ConsultVoteDetail`) and checked against `ConsultEventMap` (the one typed list of events), so a
 *   handler's `e.detail` is typed; events that are not ours (`@lit/context`'s) are left out.
 */
export function templateManifest(manifest, eventMap) {
  const copy = structuredClone(manifest);
  for (const module of copy.modules ?? []) {
    for (const element of module.declarations ?? []) {
      if (!element.tagName) continue;
      const fields = new Map((element.members ?? []).map((member) => [member.name, member]));
      element.attributes = (element.attributes ?? []).filter((attribute) => {
        const shadowed = attribute.fieldName && attribute.fieldName !== attribute.name && fields.has(attribute.name);
        if (shadowed) delete fields.get(attribute.fieldName).attribute;
        return !shadowed;
      });
      element.events = (element.events ?? [])
        .filter((event) => event.name?.startsWith('consult-'))
        .map((event) => ({ ...event, type: { text: detailType(event.name, eventMap) } }));
    }
  }
  return copy;
}

function detailType(eventName, eventMap) {
  const name = eventName.replace(/(^|-)(\w)/g, (_, __, letter) => letter.toUpperCase()) + 'Detail';
  if (!eventMap.includes(`'${eventName}': CustomEvent<${name}>`)) {
    throw new Error(`types-vue-svelte: ${eventName} is not typed CustomEvent<${name}> in ConsultEventMap (src/internal/events.ts).`);
  }
  return name;
}

/** Replace `from` by `to` in `text`, failing the build when a generator update changed the text. */
function mend(text, from, to, what) {
  if (!text.match(from)) throw new Error(`types-vue-svelte: could not mend the generated types (${what}); has the generator changed?`);
  return text.replace(from, to);
}

/**
 * The Svelte generator writes Svelte 4 forms and borrows Solid's base props. Made to compile and to
 * match what Svelte sets: properties as plain attributes (`adapter={a}`; `bind:` is a two-way
 * binding the elements never write back), events both as `on:consult-vote` (Svelte 4) and
 * `onconsult-vote` (Svelte 5's event attributes), `svelteHTML` in the global scope (the file is a
 * module), and no reference to a JSX namespace that a Svelte project does not have.
 */
function mendSvelte(text) {
  text = mend(text, /"bind:(\w+)"\?/g, '"$1"?', 'bind: props');
  text = mend(text, /^(\s*)"on:([\w-]+)"\?: (.*);$/gm, '$1"on:$2"?: $3;\n$1"on$2"?: $3;', 'events');
  text = mend(text, /children\?: JSX\.Element;/, 'children?: unknown;', 'children');
  text = mend(text, /style\?: JSX\.CSSProperties;/, 'style?: string;', 'style');
  return mend(
    text,
    /declare namespace svelteHTML \{([\s\S]*?)\n\s*\}\s*$/,
    'declare global {\n  namespace svelteHTML {$1\n  }\n}\n',
    'global svelteHTML',
  );
}

/**
 * vue-tsc checks a template's `proposal-id="p1"` / `:proposalId` as the prop `proposalId`, and
 * `@consult-vote` as `onConsultVote`, so props keyed "proposal-id" and "onconsult-vote" (what the
 * generator writes) reject the ordinary spelling. At run time Vue still sets `proposal-id` as an
 * attribute and listens to `consult-vote`: only the type's keys change.
 */
function camelVueKeys(text) {
  const camel = (name) => name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
  return mend(
    text,
    /^(\s*)"([a-z][\w-]*)"\?:/gm,
    (_, indent, key) => `${indent}${camel(key.startsWith('onconsult-') ? `on-${key.slice(2)}` : key)}?:`,
    'Vue keys',
  );
}

/** The generators list a detail type once per element that fires it: a duplicate import does not compile. */
function dedupeImports(text) {
  return mend(
    text,
    /import type \{([^}]*)\} from "\.\.\/index\.js";/,
    (_, names) => `import type { ${[...new Set(names.split(',').map((n) => n.trim()).filter(Boolean))].join(', ')} } from "${TYPES_FROM}";`,
    'imports',
  );
}

export function generate({ manifestPath = 'custom-elements.json', eventsPath = 'src/internal/events.ts' } = {}) {
  const manifest = templateManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), readFileSync(eventsPath, 'utf8'));
  mkdirSync(OUT, { recursive: true });
  const options = { outdir: OUT, globalTypePath: TYPES_FROM, hideLogs: true };
  generateVuejsTypes(manifest, { ...options, fileName: 'vue.d.ts' });
  generateSvelteTypes(manifest, { ...options, fileName: 'svelte.d.ts' });
  writeFileSync(`${OUT}/vue.d.ts`, camelVueKeys(dedupeImports(readFileSync(`${OUT}/vue.d.ts`, 'utf8'))));
  writeFileSync(`${OUT}/svelte.d.ts`, dedupeImports(mendSvelte(readFileSync(`${OUT}/svelte.d.ts`, 'utf8'))));
}

if (import.meta.url === `file://${process.argv[1]}`) generate();
