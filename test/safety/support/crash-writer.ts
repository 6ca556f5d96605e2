// Run as a child process by crash-safety.test.ts (bundled with esbuild): rewrites a few cassettes through the
// real locked, atomic store, as fast as it can, until it is killed.
import { createFileStore } from '../../../src/cassette/store.js'
import { crashCassette, generationOf } from './crash-content.js'

const [dir, count] = [process.argv[2]!, Number(process.argv[3])]
const store = createFileStore()
const files = Array.from({ length: count }, (_, index) => `${dir}/cassette-${index}.json`)

for (let round = 0; ; round++) {
  const file = files[round % files.length]!
  await store.update(file, (current) => crashCassette(current ? generationOf(current) + 1 : 1))
  // The parent starts its random countdown once the first write is through (and any stale lock taken over).
  if (round === 0) process.stdout.write('ready\n')
}
