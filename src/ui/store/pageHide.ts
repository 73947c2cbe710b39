// Calls a listener when the page goes hidden (another tab, a minimised window) or away (a reload,
// a closed tab), so that a running job can be asked for a checkpoint first: best effort, since a
// page that goes away may not live to store it.

export function onPageHide(listener: () => void): void {
  if (typeof document === 'undefined') return;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') listener();
  });
  window.addEventListener('pagehide', listener);
}
