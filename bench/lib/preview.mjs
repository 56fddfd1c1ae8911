// What the live-preview measurements (bench/browser.mjs, bench/compare-preview.mjs) share.

/**
 * Gives the page, before any of its scripts run, `window.nextChange(el)`: a
 * promise of `performance.now()` at the first change of `el` (its children,
 * subtree, text or attributes) after the call.
 */
export async function installChangeProbe(page) {
  await page.addInitScript(() => {
    window.nextChange = (el) => new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  });
}
