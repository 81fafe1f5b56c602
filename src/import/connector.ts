// The seam between tuntas and LAPOR!: pull the reports dispatched to the agency, and post a response
// back. LAPOR!'s integration API is granted per agency (its developer role) and is not publicly
// documented, so the only implementation today is the admin-page export file. Once an agency has
// API credentials, an HTTP implementation goes next to this file (src/import/lapor-http-connector.ts):
// `pullNewReports` maps the API's reports onto an ImportTable (or a ColumnMapping over its fields),
// `postResponse` posts the follow-up text and returns LAPOR!'s reference; nothing else changes, since
// importComplaints() and deliverThroughConnector() take any LaporConnector.
import { checkImportSize, type ImportTable, readImportFile } from './read.js';

export interface ResponseToPost {
  trackingId: string;
  text: string;
}

export interface PostedResponse {
  postedAt: Date;
  /** LAPOR!'s reference of the post, if it gives one. */
  laporReference: string | null;
}

export interface LaporConnector {
  /** For logs and the history. */
  readonly name: string;
  /** Reports to receive (already received ones are recognised by tracking ID and left alone). */
  pullNewReports(): Promise<ImportTable>;
  /** Whether postResponse can reach LAPOR!; false: the admin posts on LAPOR! and records it by hand. */
  readonly canPostResponses: boolean;
  postResponse(response: ResponseToPost): Promise<PostedResponse>;
}

export class ConnectorCannotPostError extends Error {}

/** An export file downloaded from LAPOR!'s admin pages: one-way, it cannot post anything back. */
export class ExportFileConnector implements LaporConnector {
  readonly name = 'LAPOR! export file';
  readonly canPostResponses = false;

  constructor(private readonly bytes: Uint8Array) {
    checkImportSize(bytes.byteLength);
  }

  pullNewReports(): Promise<ImportTable> {
    return readImportFile(this.bytes);
  }

  postResponse(): Promise<PostedResponse> {
    return Promise.reject(
      new ConnectorCannotPostError('An export file cannot post to LAPOR!; post there and record it with deliverResponse'),
    );
  }
}
