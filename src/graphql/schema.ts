// Assembles the schema: importing a domain's graphql module registers its types on the builder.
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { SCHEMA_INTRODUCTION } from '../console/introduction.js';
import { builder } from './builder.js';
import './scalars.js';
import './error-types.js';
import '../agencies/types.js';
import '../auth/graphql.js';
import '../auth/viewer-query.js';
import '../complaints/types.js';
import '../complaints/step-fields.js';
import '../complaints/reporter.js';
import '../complaints/queries.js';
import '../complaints/status-view.js';
import '../complaints/counts.js';
import '../complaints/register-book.js';
import '../complaints/mutations/receive-complaint.js';
import '../complaints/mutations/register-complaint.js';
import '../dispositions/mutations/dispose-complaint.js';
import '../follow-ups/mutations/formulate-follow-up.js';
import '../follow-ups/mutations/record-follow-up-result.js';
import '../follow-ups/mutations/compile-follow-up-report.js';
import '../responses/mutations/deliver-response.js';
import '../responses/mutations/record-complainant-feedback.js';
import '../complaints/mutations/return-complaint.js';
import '../complaints/mutations/dispatch-complaint.js';
import '../complaints/mutations/archive-complaint.js';
import '../complaints/mutations/restore-complaint.js';
import '../deadlines/mutations/pause-complaint.js';
import '../deadlines/mutations/resume-complaint.js';
import '../deadlines/mutations/extend-follow-up-deadline.js';
import '../deadlines/mutations/reclassify-complaint.js';
import '../clock-policy/graphql.js';
import '../categories/graphql.js';
import '../internal-notes/graphql.js';
import '../deadlines/local-time-fields.js';
import '../deadlines/complaint-deadlines.js';
import '../deadlines/complaint-clock-fields.js';
import '../deadlines/time-standards-graphql.js';
import '../holidays/types.js';
import '../holidays/coverage.js';
import '../holidays/mutations/holiday-mutations.js';
import '../realtime/subscriptions.js';
// Administration (issue 10): organisation, staff, the admin audit.
import '../organisation/graphql.js';
import '../users/graphql.js';
import '../users/second-factor-graphql.js';
import '../audit/graphql.js';
import '../documents/graphql.js';
import '../import/graphql.js';
import '../webhooks/graphql.js';
import '../notifications/graphql.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

let schema: GraphQLSchema | undefined;

export function getSchema(): GraphQLSchema {
  // The introduction opens GraphiQL's docs explorer (src/console/).
  schema ??= assertEveryRootFieldAuthorised(
    new GraphQLSchema({ ...builder.toSchema({ sortSchema: true }).toConfig(), description: SCHEMA_INTRODUCTION }),
  );
  return schema;
}

/**
 * Default deny: a root field without an explicit authScopes declaration is a build error, so a new
 * operation cannot ship open by accident. ("public: true" is how a field says it is open on purpose.)
 */
function assertEveryRootFieldAuthorised(s: GraphQLSchema): GraphQLSchema {
  const missing: string[] = [];
  for (const root of [s.getQueryType(), s.getMutationType(), s.getSubscriptionType()]) {
    if (!(root instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(root.getFields())) {
      const opts = field.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      if (!opts?.authScopes) missing.push(`${root.name}.${field.name}`);
    }
  }
  if (missing.length > 0) throw new Error(`Root fields without authScopes (default is deny): ${missing.join(', ')}`);
  return s;
}
