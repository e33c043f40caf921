// The app renders in the browser only: it must open from the service worker's cached shell
// with no network, and all its data comes from IndexedDB and the relay, never from the server.
export const ssr = false;
export const prerender = false;
