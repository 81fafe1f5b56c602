// Values read once per transaction: inputs that many writes of one transaction need (the clock
// policy a transition reads before and after its row write, and again for each step the transaction
// replays) and that nothing else in it changes. Scoped to the transaction client object, which
// Prisma creates per transaction and drops after it, so a value is never seen by another transaction:
// a change committed elsewhere is read by the next one. A transaction that changes such an input
// calls forgetInTransaction after its write.
const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/** `db` is an interactive transaction's client (the PrismaClient itself has `$transaction`). */
function isTransaction(db: object): boolean {
  return !('$transaction' in db);
}

/** load() once per transaction and key; outside a transaction (the client itself) it always loads. */
export function onceInTransaction<T>(tx: object, key: string, load: () => Promise<T>): Promise<T> {
  if (!isTransaction(tx)) return load();
  let memo = memos.get(tx);
  if (!memo) {
    memo = new Map();
    memos.set(tx, memo);
  }
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = load();
  memo.set(key, loading);
  // A failed read is not kept (the transaction usually aborts anyway).
  loading.catch(() => {
    if (memo.get(key) === loading) memo.delete(key);
  });
  return loading;
}

/** Drops this transaction's values whose key starts with `prefix` (after it wrote what they came from). */
export function forgetInTransaction(tx: object, prefix: string): void {
  const memo = memos.get(tx);
  if (!memo) return;
  for (const key of [...memo.keys()]) if (key.startsWith(prefix)) memo.delete(key);
}
