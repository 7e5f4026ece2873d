/** Peer options come as `--name value` arguments (the environment is the forum's own configuration). */
export function peerArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
