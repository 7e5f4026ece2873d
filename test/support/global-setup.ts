import { ensurePgliteImage } from './pglite-image.js';

export default async function setup() {
  await ensurePgliteImage();
}
