// `node --import registerTs.mjs child.ts`: installs the TypeScript loader hooks.
import { register } from 'node:module';

register('./tsLoader.mjs', import.meta.url);
