/**
 * Brings a card into view and marks it when the link that opened the page names it
 * (`/grids#grid-g1`, from search): the browser's own jump to the anchor came before the list
 * was read from the documents, so it found nothing to jump to. Use as `{@attach revealTarget}`
 * on an element with an `id`.
 */
export function revealTarget(node: HTMLElement): void {
	if (!node.id || decodeURIComponent(location.hash.slice(1)) !== node.id) return;
	node.classList.add('revealed');
	requestAnimationFrame(() => node.scrollIntoView({ block: 'center' }));
}
