// The language tests' pages: the page's language (and direction, as a site in that language sets
// it) from ?lang=, before any widget script runs, and a
// record of every text the widgets' shadow roots ever showed, to catch a flash of English.
const wanted = new URLSearchParams(location.search).get('lang');
if (wanted) {
  document.documentElement.lang = wanted;
  document.documentElement.dir = ['ar', 'fa', 'he'].includes(wanted) ? 'rtl' : 'ltr';
}
window.__shownTexts = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  const host = this.localName;
  new MutationObserver(() => window.__shownTexts.push(`${host}: ${root.textContent.replace(/\s+/g, ' ').trim()}`)).observe(root, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  return root;
};
