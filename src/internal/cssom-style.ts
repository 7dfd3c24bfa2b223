import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets inline style properties through the CSSOM on every render, the first one included. Lit's
 * `styleMap` writes a `style` attribute on first render, which a host page's strict CSP
 * (`style-src` without 'unsafe-inline') blocks; CSSOM writes are allowed.
 * Usage: `<span ${cssomStyle({ width: '40%' })}></span>`.
 */
class CssomStyleDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssomStyle() goes on an element, not in an attribute.');
  }

  render(_styles: Record<string, string>): unknown {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(styles)) style.setProperty(name, value);
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
