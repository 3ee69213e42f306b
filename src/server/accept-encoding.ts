/** A content coding the static routes can send. */
export type Coding = 'br' | 'gzip' | 'identity';

/** Preferred first when the client weights two codings the same: brotli is the smallest. */
const preference: readonly Coding[] = ['br', 'gzip', 'identity'];

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3), from those on offer.
 * Honours q-values, `*` and `identity;q=0`. When the client refuses every coding on offer it still gets
 * identity: a script that arrives beats a 406 the browser can't act on.
 */
export function chooseCoding(header: string | undefined, offered: readonly Coding[]): Coding {
  if (header === undefined) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    if (!Number.isFinite(q) || q < 0 || q > 1) q = 0;
    // A repeated coding keeps its first weight, as most servers do.
    if (!weights.has(name)) weights.set(name, q);
  }
  const star = weights.get('*');
  const weightOf = (coding: Coding): number => {
    const explicit = weights.get(coding) ?? (coding === 'gzip' ? weights.get('x-gzip') : undefined);
    if (explicit !== undefined) return explicit;
    if (star !== undefined) return star;
    // identity is acceptable unless excluded, but a client that names a coding would rather have it (`gzip;q=0.1`).
    return coding === 'identity' ? 0.0001 : 0;
  };
  let best: Coding = 'identity';
  let bestQ = 0;
  for (const coding of preference) {
    if (!offered.includes(coding)) continue;
    const q = weightOf(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}
