/** The TypeScript module that carries the bytes assembled from `src/hash/sha256.wat`, as base64. */
export function assembledSha256Module(): Promise<string>;
