// Issue 14: the form at 320 px and with 200 % text: long words wrap, every field and the country
// select fit, a long fixed start leaves the text area room.
import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MemoryAdapter } from '../../../src/adapters/memory.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { mount, parts } from '../../helpers/propose.js';
import { clipped, mountSized, SIZES } from '../results/clipping.js';

const word = 'Digitalkompetenzvermittlungsprogrammentwicklungsgesetzentwurf'; // 60 letters

function adapter(): MemoryAdapter {
  const base = {
    title: `The ${word} consultation`,
    question: `What should the ${word} do?`,
    themes: [
      { id: 'a', label: `${word} and more` },
      { id: 'b', label: 'Short' },
    ],
  };
  return new MemoryAdapter({
    consultations: [
      {
        id: 'standard',
        ...base,
        proposalPrefix: 'Il faudrait que la collectivité',
      },
      {
        id: 'experts',
        ...base,
        proposalMinLength: 50,
        proposalMaxLength: 5000,
      },
    ],
  });
}

function mountAt(size: { width: number; fontSize: string }, mode: string): Promise<ConsultProposeElement> {
  const consultation = mode === 'expert' ? 'experts' : 'standard';
  return mountSized(size, () =>
    mount(html`<consult-propose lang="en" mode=${mode} consultation=${consultation} .adapter=${adapter()}></consult-propose>`),
  );
}

describe('<consult-propose> layout (issue 14)', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const size of SIZES) {
    for (const mode of ['standard', 'expert']) {
      it(`clips nothing at ${size.name} (${mode})`, async () => {
        const el = await mountAt(size, mode);
        const width = size.width;
        const p = parts(el);
        expect(p.theme!.options.length).to.equal(3);
        expect(clipped(el)).to.deep.equal([]);
        // The text area keeps room to type in beside or under the fixed start.
        expect(p.text!.getBoundingClientRect().width).to.be.greaterThan(width === 320 ? 100 : 400);
        if (mode === 'expert') {
          const country = p.root.querySelector<HTMLSelectElement>('select#country')!;
          const form = p.form!.getBoundingClientRect();
          expect(country.getBoundingClientRect().right).to.be.at.most(form.right + 0.5);
        }
      });
    }
  }
});
