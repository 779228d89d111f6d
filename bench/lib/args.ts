/** Command-line options of the benches: `--name value…` lists, as `npm run bench -- NAME --only a b` passes them. */

/** The values after every `name` on the command line, up to the next `--option`. */
export function optionValues(name: string): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== name) continue;
    for (let j = i + 1; j < argv.length && !argv[j]!.startsWith('--'); j++) out.push(argv[j]!);
  }
  return out;
}
