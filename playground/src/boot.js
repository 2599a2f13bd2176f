// The page's first script: starts the core's worker at once, so the WebAssembly module downloads
// and compiles while the (larger) app bundle loads, then loads the app. The app is imported once
// the worker has started (or after 150 ms), because parsing the app bundle keeps the main thread
// busy and would otherwise hold up the worker's start. Messages the worker sends before the app is
// listening are kept for it.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'mapcheck-core' });
const early = [];
let started = false;
const startApp = () => {
  if (started) return;
  started = true;
  import('./app.js');
};
worker.onmessage = (e) => {
  if (e.data && e.data.type === 'loaded') startApp();
  else early.push(e);
};
worker.onerror = (e) => {
  e.preventDefault();
  early.push({ data: { type: 'init-error', message: 'the checker could not start in a worker' } });
  startApp();
};
window.__mapcheckBoot = { worker, early };
setTimeout(startApp, 150);
