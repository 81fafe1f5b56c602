// GraphQL documents and helpers for the administration tests.
export const ERR = `__typename ... on InvalidInputError { issues { field message } } ... on Error { errorCode: code message }`;

export const ADMIN_OPS = {
  createAgency: `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { ... on Agency { id code name } ${ERR} } }`,
  updateAgency: `mutation($id: ID!, $input: UpdateAgencyInput!) { updateAgency(id: $id, input: $input) { ... on Agency { id code name } ${ERR} } }`,
  createDivision: `mutation($input: CreateDivisionInput!) { createDivision(input: $input) { ... on Division { id code name active } ${ERR} } }`,
  updateDivision: `mutation($id: ID!, $input: UpdateDivisionInput!) { updateDivision(id: $id, input: $input) { ... on Division { id code name active parent { id } } ${ERR} } }`,
  createUser: `mutation($input: CreateUserInput!) { createUser(input: $input) { ... on CreatedUser { oneTimePassword user { id email role active mustChangePassword } } ${ERR} } }`,
  updateUser: `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ... on User { id role nip division { id } } ${ERR} } }`,
  deactivateUser: `mutation($id: ID!) { deactivateUser(id: $id) { ... on User { id active } ${ERR} } }`,
  reactivateUser: `mutation($id: ID!) { reactivateUser(id: $id) { ... on User { id active } ${ERR} } }`,
  resetUserPassword: `mutation($id: ID!) { resetUserPassword(id: $id) { ... on CreatedUser { oneTimePassword user { id mustChangePassword } } ${ERR} } }`,
  changePassword: `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ... on AuthPayload { token role } ${ERR} } }`,
  logoutEverywhere: `mutation { logoutEverywhere }`,
} as const;

export const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on AuthPayload { token role } ... on Error { code message } } }`;

export const ME = `query { me { id email role mustChangePassword } }`;

export const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
export const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
export const NEW_PASSWORD = 'Lapangan-Merdeka-Jaya-77';
