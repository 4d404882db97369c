/**
 * Version of the persona engine and runtime semantics. Recorded with every run: transcripts are only
 * comparable between runs of the same engine version. Bump it whenever a change alters any transcript.
 */
export const ENGINE_VERSION = '0.2.0';
