import { largeCommunity, QUICK_SCALE, FULL_SCALE, oneDocument, workingSetOf } from './large-community';
const scale = process.argv[2] === 'full' ? FULL_SCALE : QUICK_SCALE;
const { states, generatedMs } = largeCommunity(scale);
const total = [...states.values()].reduce((s, u) => s + u.byteLength, 0);
console.log('docs', states.size, 'bytes', total, 'generatedMs', generatedMs);
console.log('working set', workingSetOf().map((n) => [n, states.get(n)?.byteLength]));
console.log('one doc', oneDocument(states).byteLength);
