// Typed documents for operations the SDK does not ship: `graphql<Result, Variables>(source)`.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

export function graphql<TData, TVars extends Record<string, unknown> = Record<string, never>>(
  source: string,
): TypedDocumentNode<TData, TVars> {
  return parse(source) as TypedDocumentNode<TData, TVars>;
}
