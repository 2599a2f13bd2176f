// The page's first script: starts the core's worker at once, so the WebAssembly module downloads
// and compiles while the (larger) app bundle loads, then loads the app. Messages the worker sends
// before the app is listening are kept for it.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'mapcheck-core' });
const early = [];
worker.onmessage = (e) => early.push(e);
worker.onerror = (e) => { e.preventDefault(); early.push({ data: { type: 'init-error', message: 'the checker could not start in a worker' } }); };
window.__mapcheckBoot = { worker, early };
import('./app.js');
