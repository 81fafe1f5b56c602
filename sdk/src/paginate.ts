// Walks every page of a Relay connection, yielding the nodes one by one.

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

export type ConnectionLike<T> =
  | { edges: ReadonlyArray<{ node: T } | null>; pageInfo: PageInfoLike }
  | { nodes: ReadonlyArray<T | null>; pageInfo: PageInfoLike };

/**
 * `for await (const node of paginate((after) => fetchPage({ first: 50, after })))`.
 * `fetchPage` gets the previous page's endCursor (undefined for the first page).
 */
export async function* paginate<T>(
  fetchPage: (after: string | undefined) => Promise<ConnectionLike<T>>,
): AsyncGenerator<T, void, undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    const items = 'edges' in page ? page.edges.map((e) => e?.node) : page.nodes;
    for (const item of items) if (item !== null && item !== undefined) yield item;
    const next = page.pageInfo.endCursor ?? undefined;
    // A server that says "more" without a new cursor would loop forever: stop instead.
    if (!page.pageInfo.hasNextPage || next === undefined || next === after) return;
    after = next;
  }
}
