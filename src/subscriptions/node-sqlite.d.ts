// The part of node:sqlite (Node ≥ 22.13) this store uses. @types/node 20,
// which the project pins, has no declarations for it; drop this file when the
// project moves to @types/node ≥ 22.
declare module 'node:sqlite' {
  type Value = string | number | bigint | null | Uint8Array;
  export interface StatementSync {
    run(...params: Value[]): { changes: number | bigint; lastInsertRowid: number | bigint };
    all(...params: Value[]): Array<Record<string, unknown>>;
    get(...params: Value[]): Record<string, unknown> | undefined;
  }
  export class DatabaseSync {
    constructor(path: string, options?: { open?: boolean; readOnly?: boolean });
    exec(sql: string): void;
    prepare(sql: string): StatementSync;
    close(): void;
  }
}
