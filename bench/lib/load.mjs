// What the page-load benchmarks (bench/browser.mjs, bench/embed-load.mjs)
// share: the throttled network and the probe that says when the post shows.

/** Chromium's network emulation for the throttled loads: 10 Mbit/s each way, 40 ms latency. */
export const TEN_MBIT = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };

/**
 * Installed (`context.addInitScript`) before any of the page's scripts: sets
 * `window.__visibleAt` (ms since navigation start) when the post's title and a
 * first body element are in the DOM, and `window.__frameAt` at the next
 * animation frame after that. Runs in the page, so it uses nothing outside.
 */
export function visibleProbe() {
  window.__visibleAt = null;
  const check = () => {
    if (window.__visibleAt != null) return;
    const title = document.querySelector('.inkpost-title');
    const body = document.querySelector('.inkpost-body');
    if (title && title.textContent && body && body.firstElementChild) {
      window.__visibleAt = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => { window.__frameAt = performance.now(); });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}
