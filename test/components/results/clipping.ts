// Shared by the issue 14 layout tests of <consult-results> and <consult-propose>: what a widget
import { setViewport } from '@web/test-runner-commands';
// cuts or lets overflow, as a list of readable lines (empty when nothing is).

/** `tag.class` of an element, for messages. */
function describe(el: Element): string {
  return `${el.localName}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}${el.id ? `#${el.id}` : ''}`;
}

/**
 * Every box of `host`'s shadow root whose content is wider than the box (scrollWidth >
 * clientWidth: a word or a control that does not fit), or which reaches outside the host's box
 * (paint containment would cut it). The visually hidden parts (live regions, the table) are left
 * out: they are 1 px wide on purpose.
 */
export function clipped(host: HTMLElement): string[] {
  const bounds = host.getBoundingClientRect();
  const found: string[] = [];
  for (const el of host.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
    if (el.closest('.visually-hidden') || ['style', 'option', 'slot'].includes(el.localName)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.left < bounds.left - 0.5 || rect.right > bounds.right + 0.5) {
      found.push(
        `${describe(el)} outside the widget: ${Math.round(rect.left)}–${Math.round(rect.right)} of ${Math.round(bounds.left)}–${Math.round(bounds.right)}`,
      );
    }
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth) {
      found.push(`${describe(el)} overflows: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    }
  }
  return found;
}

/** What the layout tests try: a phone's 320 px and a desktop's 1280 px, text at 100 % and at 200 % (on the host). */
export const SIZES = [320, 1280].flatMap((width) =>
  ['', '200%'].map((fontSize) => ({
    width,
    fontSize,
    name: `${width} px${fontSize ? ' with 200 % text' : ''}`,
  })),
);

/** `mount()` in a viewport `width` wide, then the host's font size set. */
export async function mountSized<T extends HTMLElement & { updateComplete: Promise<unknown> }>(
  size: { width: number; fontSize: string },
  mount: () => Promise<T>,
): Promise<T> {
  await setViewport({ width: size.width, height: 900 });
  document.body.style.margin = '0';
  const el = await mount();
  el.style.fontSize = size.fontSize;
  await el.updateComplete;
  return el;
}
