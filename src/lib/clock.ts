import { readable } from 'svelte/store';

/**
 * The time now, ticking every second while something shows it, so the 1341 clocks count down
 * without a reload. It reads `Date.now()`, which a test may control.
 */
export const now = readable(Date.now(), (set) => {
	set(Date.now());
	const timer = setInterval(() => set(Date.now()), 1000);
	return () => clearInterval(timer);
});
