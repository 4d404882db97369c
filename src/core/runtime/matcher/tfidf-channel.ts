/** Term counts of one text in one feature channel. */
export type TermCounts = Map<string, number>;

/**
 * One TF-IDF feature channel over a fixed set of documents (training phrases), precomputed as an inverted
 * index so a query costs one map lookup per query term plus one multiply-add per posting.
 */
export interface TfIdfChannel {
  /** Number of documents. */
  readonly size: number;
  /**
   * Writes the cosine similarity of `query` to every document into `out` (length {@link size}).
   * Query terms unseen in training still count in the query's norm, at `oovWeight` times the highest idf:
   * words the customer said that no phrase knows make a match less certain.
   */
  cosines(query: TermCounts, out: Float64Array): void;
}

export interface TfIdfOptions {
  /**
   * The class of each document (its intent). Document frequency counts classes, not documents: a word
   * repeated across one intent's phrases is that intent's keyword, and must not lose weight for it.
   * Default: every document its own class.
   */
  classOf?: readonly number[];
  /** Multiplier of a term's weight (e.g. < 1 for function words). Default 1. */
  termWeight?: (term: string) => number;
  /** Weight of unseen query terms, as a fraction of the highest idf. */
  oovWeight: number;
}

/**
 * Builds the channel. idf is the smoothed form ln((1 + N) / (1 + df)) + 1 (scikit-learn's default), so a
 * term found in every class still counts a little; N and df count classes (see {@link TfIdfOptions.classOf}).
 */
export function createTfIdfChannel(docs: readonly TermCounts[], options: TfIdfOptions): TfIdfChannel {
  const classOf = options.classOf ?? docs.map((_, i) => i);
  const termWeight = options.termWeight ?? (() => 1);
  const seen = new Map<string, Set<number>>();
  docs.forEach((d, di) => {
    for (const t of d.keys()) {
      let s = seen.get(t);
      if (!s) seen.set(t, (s = new Set()));
      s.add(classOf[di]);
    }
  });
  const n = new Set(classOf).size;
  const df = new Map<string, number>();
  for (const [t, s] of seen) df.set(t, s.size);

  const ids = new Map<string, number>();
  const idf: number[] = [];
  for (const [t, f] of df) {
    ids.set(t, idf.length);
    idf.push((Math.log((1 + n) / (1 + f)) + 1) * termWeight(t));
  }
  const oovIdf = (Math.log(1 + n) + 1) * options.oovWeight;

  // Postings: for each term, the documents containing it and the term's weight in the unit-length document.
  const postDocs: number[][] = idf.map(() => []);
  const postWeights: number[][] = idf.map(() => []);
  docs.forEach((d, di) => {
    let norm2 = 0;
    for (const [t, tf] of d) norm2 += (tf * idf[ids.get(t)!]) ** 2;
    const norm = Math.sqrt(norm2) || 1;
    for (const [t, tf] of d) {
      const id = ids.get(t)!;
      postDocs[id].push(di);
      postWeights[id].push((tf * idf[id]) / norm);
    }
  });
  const docsById = postDocs.map((a) => Int32Array.from(a));
  const weightsById = postWeights.map((a) => Float64Array.from(a));

  return {
    size: docs.length,
    cosines(query, out) {
      out.fill(0);
      let q2 = 0;
      for (const [t, tf] of query) {
        const id = ids.get(t);
        if (id === undefined) {
          const w = tf * oovIdf * termWeight(t);
          q2 += w * w;
          continue;
        }
        const w = tf * idf[id];
        q2 += w * w;
        const pd = docsById[id];
        const pw = weightsById[id];
        for (let k = 0; k < pd.length; k++) out[pd[k]] += w * pw[k];
      }
      if (q2 === 0) return;
      const inv = 1 / Math.sqrt(q2);
      for (let k = 0; k < out.length; k++) out[k] *= inv;
    },
  };
}
