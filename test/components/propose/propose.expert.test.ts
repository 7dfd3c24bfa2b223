import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ConsultError } from '../../../src/adapters/errors.js';
import type { Consultation } from '../../../src/protocol/index.js';
import type { ConsultProposeElement } from '../../../src/components/propose/propose.component.js';
import { continentOf } from '../../../src/results/continents.js';
import { watchPage } from '../../helpers/proposal.js';
import { errorOf, focusedId, mount, parts, paste, sent, settled, SubmitAdapter, tabTo, withoutSubmit } from '../../helpers/propose.js';
import { deferred } from '../../helpers/test-adapter.js';

const CONTRIBUTION =
  'Public research laboratories should get shared compute for open models, audited every year by an independent body ' +
  'that publishes its findings; the same rules should apply to every member state, with a common register of systems in use.';

const expertForm = (adapter: SubmitAdapter, consultation = 'experts', lang = 'en') =>
  mount(html`<consult-propose lang=${lang} mode="expert" consultation=${consultation} .adapter=${adapter}></consult-propose>`);

const optionLabels = (el: ConsultProposeElement) => [...parts(el).country!.options].map((o) => o.textContent!.trim());

describe('<consult-propose mode="expert">', () => {
  let page: ReturnType<typeof watchPage>;
  beforeEach(() => (page = watchPage()));
  afterEach(() => {
    page.restore();
    expect(page.escaped, 'errors that reached the host page').to.deep.equal([]);
  });

  it('takes a long contribution signed with an organisation and a country, all by keyboard', async () => {
    const adapter = new SubmitAdapter();
    const el = await expertForm(adapter);
    await expect(el).to.be.accessible();
    const p = parts(el);
    expect(p.title!.textContent).to.equal('Submit an expert contribution');
    expect(p.age).to.equal(null);
    expect(p.text!.rows).to.equal(10);
    expect(p.help!.textContent).to.equal('50 to 5,000 characters.');

    await paste(p.text!, CONTRIBUTION);
    expect(p.counter!.textContent).to.contain(`${CONTRIBUTION.length} / 5,000`);
    p.text!.focus();
    await tabTo(el, 'input#name');
    await sendKeys({ type: 'Dr. Amina Diallo' });
    await tabTo(el, 'input#organisation');
    await sendKeys({ type: 'Institut Pasteur de Dakar' });
    await tabTo(el, 'select#country');
    await sendKeys({ type: 'Senegal' });
    await el.updateComplete;
    expect(parts(el).country!.value).to.equal('SN');
    await tabTo(el, 'button.submit');
    await sendKeys({ press: 'Enter' });
    await sent(el);

    const input = adapter.received[0]!.input;
    expect(input.content).to.equal(CONTRIBUTION);
    expect(input.author).to.deep.equal({ name: 'Dr. Amina Diallo', organisation: 'Institut Pasteur de Dakar', country: 'SN' });
    expect(continentOf(input.author!.country!)).to.equal('africa');
    await expect(el).to.be.accessible();
  });

  it('requires the organisation and the country, and focuses the first one missing', async () => {
    const adapter = new SubmitAdapter();
    const el = await expertForm(adapter);
    await paste(parts(el).text!, CONTRIBUTION);
    parts(el).submit!.click();
    await el.updateComplete;
    expect([errorOf(el, 'content'), errorOf(el, 'organisation'), errorOf(el, 'country')]).to.deep.equal([
      '',
      'Error: Enter your organisation.',
      'Error: Choose your country.',
    ]);
    expect(focusedId(el)).to.equal('organisation');
    expect(parts(el).organisation!.required).to.equal(true);
    expect(parts(el).country!.getAttribute('aria-invalid')).to.equal('true');
    expect(adapter.received).to.have.length(0);
    await expect(el).to.be.accessible();

    await paste(parts(el).organisation!, 'O'.repeat(201));
    parts(el).submit!.click();
    await el.updateComplete;
    expect(errorOf(el, 'organisation')).to.equal('Error: The organisation can be at most 200 characters.');
  });

  it('names the countries with the browser’s own names in the widget’s language, sorted as that language sorts', async () => {
    const en = await expertForm(new SubmitAdapter());
    const fr = await expertForm(new SubmitAdapter(), 'experts', 'fr');
    const enNames = new Intl.DisplayNames('en', { type: 'region' });
    const frNames = new Intl.DisplayNames('fr', { type: 'region' });
    const labelOf = (el: ConsultProposeElement, code: string) =>
      [...parts(el).country!.options].find((o) => o.value === code)?.textContent?.trim();
    expect(['DE', 'CI', 'XK'].map((code) => labelOf(en, code))).to.deep.equal(['DE', 'CI', 'XK'].map((c) => enNames.of(c)));
    expect(['DE', 'CI', 'XK'].map((code) => labelOf(fr, code))).to.deep.equal(['DE', 'CI', 'XK'].map((c) => frNames.of(c)));
    expect(labelOf(fr, 'DE')).to.equal('Allemagne');

    const [placeholder, ...countries] = optionLabels(fr);
    expect(placeholder).to.equal('Choisissez un pays');
    expect(countries).to.have.length(250);
    expect(countries).to.deep.equal([...countries].sort(new Intl.Collator('fr').compare));
    expect(parts(fr).root.querySelector('label[for="country"]')!.textContent).to.equal('Pays');
    await expect(fr).to.be.accessible();
  });

  it('allows up to the consultation’s length, never over the protocol’s 5,000', async () => {
    const short = await expertForm(new SubmitAdapter(), 'ai');
    expect(parts(short).help!.textContent).to.equal('12 to 140 characters.');

    const adapter = new SubmitAdapter();
    const huge = await expertForm(adapter, 'huge');
    expect(parts(huge).help!.textContent).to.equal('12 to 5,000 characters.');
    await paste(parts(huge).organisation!, 'Open Knowledge');
    const country = parts(huge).country!;
    country.value = 'NZ';
    country.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await paste(parts(huge).text!, 'x'.repeat(5001));
    parts(huge).submit!.click();
    await huge.updateComplete;
    expect(errorOf(huge, 'content')).to.equal('Error: Your idea is too long: 1 character too many (at most 5,000).');
    expect(adapter.received).to.have.length(0);

    await paste(parts(huge).text!, 'x'.repeat(5000));
    parts(huge).submit!.click();
    await sent(huge);
    expect(adapter.received[0]!.input.content).to.have.length(5000);
    expect(adapter.received[0]!.input.author).to.deep.equal({ organisation: 'Open Knowledge', country: 'NZ' });
  });

  it('is accessible in every state: loading, sending, not saved, closed meanwhile, load error, unsupported', async () => {
    const gate = deferred();
    class Slow extends SubmitAdapter {
      override async getConsultation(id: string): Promise<Consultation> {
        await gate.promise;
        return super.getConsultation(id);
      }
    }
    const adapter = new Slow().hold();
    const el = await fixture<ConsultProposeElement>(html`<consult-propose mode="expert" consultation="experts" .adapter=${adapter}></consult-propose>`);
    await expect(el).to.be.accessible();
    gate.resolve();
    await settled(el);
    await paste(parts(el).text!, CONTRIBUTION);
    await paste(parts(el).organisation!, 'Open Knowledge');
    const country = parts(el).country!;
    country.value = 'FR';
    country.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    adapter.failNext(new ConsultError('timeout', 'No answer within 10 s.')).failNext(new ConsultError('closed', 'Closed.'));
    parts(el).submit!.click();
    await el.updateComplete;
    expect(parts(el).submit!.getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
    adapter.release();
    await waitUntil(() => parts(el).retry, 'the failure never showed');
    await expect(el).to.be.accessible();
    parts(el).retry!.click();
    await waitUntil(() => !parts(el).form, 'the form stayed');
    expect(parts(el).idea!.textContent).to.equal(CONTRIBUTION);
    await expect(el).to.be.accessible();

    const failing = new SubmitAdapter();
    failing.getConsultation = () => Promise.reject(new ConsultError('server', 'HTTP 503.'));
    const broken = await expertForm(failing);
    expect(parts(broken).alert!.textContent).to.contain('The consultation could not be loaded. HTTP 503.');
    await expect(broken).to.be.accessible();

    const unsupported = await mount(html`<consult-propose mode="expert" consultation="experts" .adapter=${withoutSubmit()}></consult-propose>`);
    expect(parts(unsupported).alert!.textContent).to.contain('does not accept proposals');
    await expect(unsupported).to.be.accessible();
  });
});
