/** Package versions are semantic versions (MAJOR.MINOR.PATCH, an optional -prerelease); build metadata is not used. */
export const SEMVER_PATTERN = '^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$';

/** What `requires` accepts: an exact version, ^x.y.z, ~x.y.z, >=x.y.z, or *. */
export const RANGE_PATTERN = `^(\\*|(\\^|~|>=)?${SEMVER_PATTERN.slice(1, -1)})$`;

interface Version {
  core: [number, number, number];
  pre: string[];
}

function parse(version: string): Version {
  const match = new RegExp(SEMVER_PATTERN).exec(version);
  if (!match) throw new Error(`not a semantic version: ${version}`);
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].slice(1).split('.') : [] };
}

function comparePre(a: string[], b: string[]): number {
  // A release sorts after its pre-releases: 1.0.0-rc.1 < 1.0.0.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] as number) - (y.core[i] as number);
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(comparePre(x.pre, y.pre));
}

/** Does `version` fall in `range` (as `requires` writes it)? ^ keeps the left-most non-zero part, ~ the minor. */
export function satisfies(version: string, range: string): boolean {
  if (range === '*') return true;
  const operator = /^(\^|~|>=)/.exec(range)?.[1] ?? '';
  const floor = range.slice(operator.length);
  if (operator === '') return compareVersions(version, floor) === 0;
  if (compareVersions(version, floor) < 0) return false;
  if (operator === '>=') return true;
  const [major, minor] = parse(floor).core;
  const [vMajor, vMinor] = parse(version).core;
  if (operator === '~') return vMajor === major && vMinor === minor;
  if (major !== 0) return vMajor === major;
  return vMajor === 0 && vMinor === minor;
}
