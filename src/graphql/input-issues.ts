// Bad scalar or enum values (a malformed DateTime, an unknown enum value, a missing required variable)
// are rejected by graphql-js before any resolver runs, with the argument path only inside the
// message. This plugin turns those errors into INVALID_INPUT errors whose `extensions.issues` name the
// argument path (`input.submittedAt`, `filter.status[1]`): the same shape as the InvalidInputError
// results, so a client can show every problem next to its field. The first such error carries all
// the issues of the request ("every problem at once").
import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface Issue {
  field: string;
  message: string;
}

/** Where each value node of the document sits, as an argument path; and where each variable is used. */
function argumentPaths(document: DocumentNode) {
  const nodes = new Map<unknown, string>();
  const variables = new Map<string, string>();
  const walk = (value: ValueNode, path: string) => {
    nodes.set(value, path);
    if (value.kind === Kind.VARIABLE) {
      if (!variables.has(value.name.value)) variables.set(value.name.value, path);
    } else if (value.kind === Kind.OBJECT) {
      for (const f of value.fields) {
        nodes.set(f, `${path}.${f.name.value}`);
        walk(f.value, `${path}.${f.name.value}`);
      }
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((v, i) => {
        walk(v, `${path}[${i}]`);
      });
    }
  };
  visit(document, {
    Argument(node) {
      walk(node.value, node.name.value);
      return false;
    },
  });
  return { nodes, variables };
}

/** The part after "; " is the scalar's or enum's own explanation; without one, the whole message. */
function detail(message: string): string {
  const i = message.indexOf('; ');
  return i >= 0 ? message.slice(i + 2) : message;
}

/** A variable that failed coercion: `Variable "$input" got invalid value … at "input.submittedAt"; …`. */
function variableIssue(error: GraphQLError, variables: Map<string, string>): Issue | undefined {
  const name = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(error.message)?.[1];
  if (!name) return undefined;
  const at = new RegExp(`at "${name}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"`).exec(error.message)?.[1] ?? '';
  return { field: `${variables.get(name) ?? name}${at}`, message: detail(error.message) };
}

/** A literal in the document of the wrong type (found by validation, which names only the node). */
function literalIssue(error: GraphQLError, nodes: Map<unknown, string>): Issue | undefined {
  const node = error.nodes?.[0];
  const path = node ? nodes.get(node) : undefined;
  if (path === undefined) return undefined;
  // "Field "ReceiveComplaintInput.title" of required type "String!" was not provided."
  const missing = /^Field "[_0-9A-Za-z]+\.([_0-9A-Za-z]+)" of required type/.exec(error.message)?.[1];
  return { field: missing ? `${path}.${missing}` : path, message: detail(error.message) };
}

function withIssues(errors: readonly GraphQLError[], issueOf: (e: GraphQLError) => Issue | undefined): GraphQLError[] | undefined {
  const issues = errors.map(issueOf);
  const all = issues.filter((i): i is Issue => i !== undefined);
  if (all.length === 0) return undefined;
  let first = true;
  return errors.map((error, i) => {
    const issue = issues[i];
    if (!issue) return error;
    const mine = first ? all : [issue];
    first = false;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: 'INVALID_INPUT', issues: mine },
    });
  });
}

function rewriteResult(result: ExecutionResult, document: DocumentNode): ExecutionResult | undefined {
  if (!result.errors?.length || result.data) return undefined;
  const { variables } = argumentPaths(document);
  const errors = withIssues(result.errors, (e) => variableIssue(e, variables));
  return errors ? { ...result, errors } : undefined;
}

const isResult = (r: unknown): r is ExecutionResult => !!r && typeof r === 'object' && !(Symbol.asyncIterator in r);

export function useInputIssues(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        if (!result.every((e): e is GraphQLError => e instanceof GraphQLError)) return;
        const { nodes } = argumentPaths(params.documentAST);
        const errors = withIssues(result, (e) => literalIssue(e, nodes));
        if (errors) setResult(errors);
      };
    },
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!isResult(result)) return;
          const rewritten = rewriteResult(result, args.document);
          if (rewritten) setResult(rewritten);
        },
      };
    },
    onSubscribe({ args }) {
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isResult(result)) return;
          const rewritten = rewriteResult(result, args.document);
          if (rewritten) setResult(rewritten);
        },
      };
    },
  };
}
