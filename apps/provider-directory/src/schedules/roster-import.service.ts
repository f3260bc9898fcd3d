import { Inject, Injectable } from '@nestjs/common';
import {
  accountRpc,
  redactRosterUrl,
  type ImportMessage,
  type RosterImportResult,
  type RpcRequestParsed,
  type scheduleRpc,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import { runIdempotent, type Kysely } from '@medicalink/persistence';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER, DATABASE } from '@medicalink/runtime';
import type { DirectoryEnv } from '../config';
import type { DirectoryDatabase } from '../database/directory.schema';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { capMessages } from './import-messages';
import { describeEndpoint, endpointOf } from './roster-allow-list';
import { fetchRoster } from './roster-fetch';
import { parseRoster, type RosterEntry } from './roster-source';
import { versionNotFound } from './schedules.errors';
import { SchedulesRepository, type NewAssignment } from './schedules.repository';

type ImportRoster = RpcRequestParsed<typeof scheduleRpc.importRoster>;

/** Distinct emails resolved through accounts per roster (one RPC each, a few at a time). */
const MAX_EMAIL_LOOKUPS = 500;
const EMAIL_LOOKUP_CONCURRENCY = 8;

/**
 * Phase 2 of a schedule import: the roster (who works which shift) from the hospital's roster
 * source. This service fetches it because it owns what the roster is matched against (the
 * version's shifts, the doctors' license numbers) and what it produces (assignments): the
 * roster never crosses the broker, and the allow-list sits with the one process that makes
 * outbound requests.
 */
@Injectable()
export class RosterImportService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    @Inject(APP_CONFIG) private readonly config: DirectoryEnv,
    private readonly schedules: SchedulesRepository,
    private readonly hospitals: HospitalsRepository,
    private readonly rpc: RpcClient,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Unreachable, slow, refused or malformed sources fail with a clear error (the import
   * records it as a warning); entries that match no shift or no doctor are warnings of a
   * successful phase. The assignments are written in one transaction, once per idempotency key.
   */
  async import(request: ImportRoster, idempotencyKey?: string): Promise<RosterImportResult> {
    const version = await this.schedules.findVersion(this.db, request.versionId);
    if (!version) throw versionNotFound(request.versionId);
    const sourceUrl =
      request.sourceUrl ??
      (await this.hospitals.findById(this.db, version.hospital_id))?.roster_source_url ??
      null;
    if (!sourceUrl) {
      return {
        skipped: true,
        sourceUrl: null,
        assignmentCount: 0,
        unmatchedCount: 0,
        validation: {
          errors: [],
          warnings: [],
          infos: [{ code: 'ROSTER_NO_SOURCE', message: 'The hospital has no roster source URL' }],
        },
      };
    }
    // The fetch runs inside the idempotent transaction (bounded by the roster timeout): a
    // repeated request is answered from the first run without fetching again, so a source
    // that went down since cannot turn a phase that succeeded into a failure.
    return runIdempotent(
      this.db,
      { command: 'schedule.importRoster', key: idempotencyKey, request },
      async (trx) => {
        const { text, contentType } = await fetchRoster(sourceUrl, {
          allow: this.config.ROSTER_SOURCE_ALLOW,
          timeoutMs: this.config.SCHEDULE_ROSTER_TIMEOUT_MS,
          maxBytes: this.config.SCHEDULE_ROSTER_MAX_BYTES,
          logger: this.logger,
        });
        const roster = parseRoster(
          text,
          contentType,
          describeEndpoint(endpointOf(new URL(sourceUrl))),
        );
        const shiftIds = new Map(
          (await this.schedules.shiftKeys(trx, request.versionId)).map((row) => [
            shiftKey(row.shift_date, row.unit, row.shift_name),
            row.id,
          ]),
        );
        const byLicense = await this.schedules.doctorsByLicense(trx, [
          ...new Set(roster.entries.flatMap((e) => (e.licenseNumber ? [e.licenseNumber] : []))),
        ]);
        const byEmail = await this.doctorsByEmail(trx, roster.entries);
        const warnings: ImportMessage[] = [...roster.warnings];
        const assignments: NewAssignment[] = [];
        for (const entry of roster.entries) {
          const shiftId = shiftIds.get(shiftKey(entry.date, entry.unit, entry.shift));
          const byLicenseId = entry.licenseNumber ? byLicense.get(entry.licenseNumber) : undefined;
          const byEmailId = entry.email ? byEmail.get(entry.email) : undefined;
          const doctorId = byLicenseId ?? byEmailId;
          if (!shiftId) {
            warnings.push(
              unmatched(
                entry,
                `no shift ${entry.shift} of unit ${entry.unit} on ${entry.date} in this schedule`,
              ),
            );
          } else if (!doctorId) {
            warnings.push(unmatched(entry, `no doctor with ${describeDoctor(entry)}`));
          } else {
            assignments.push({
              shiftId,
              doctorId,
              matchedBy: byLicenseId ? 'licenseNumber' : 'email',
            });
          }
        }
        await this.schedules.insertAssignments(
          trx,
          request.versionId,
          assignments,
          this.config.SCHEDULE_INSERT_BATCH,
        );
        const unmatchedCount = warnings.length - roster.warnings.length;
        const listed = capMessages(warnings);
        return {
          skipped: false,
          // kept in the saga journal: without credentials or query
          sourceUrl: redactRosterUrl(sourceUrl),
          assignmentCount: assignments.length,
          unmatchedCount,
          validation: {
            errors: [],
            warnings: listed.listed,
            infos: [
              {
                code: 'ROSTER_IMPORTED',
                message: `${assignments.length} of ${roster.entries.length} roster entries assigned`,
              },
              ...listed.note,
            ],
          },
        };
      },
    );
  }

  /** Doctor ids by email, through accounts (the directory keeps no emails). */
  private async doctorsByEmail(
    db: Kysely<DirectoryDatabase>,
    entries: readonly RosterEntry[],
  ): Promise<Map<string, string>> {
    const emails = [
      ...new Set(entries.flatMap((e) => (e.email && !e.licenseNumber ? [e.email] : []))),
    ].slice(0, MAX_EMAIL_LOOKUPS);
    const accountByEmail = new Map<string, string>();
    for (let start = 0; start < emails.length; start += EMAIL_LOOKUP_CONCURRENCY) {
      await Promise.all(
        emails.slice(start, start + EMAIL_LOOKUP_CONCURRENCY).map(async (email) => {
          const parsed = accountRpc.findByEmail.request.safeParse({ email });
          if (!parsed.success) return;
          const { account } = await this.rpc.call(accountRpc.findByEmail, parsed.data);
          if (account) accountByEmail.set(email, account.id);
        }),
      );
    }
    const doctorByAccount = await this.schedules.doctorsByAccount(db, [...accountByEmail.values()]);
    const result = new Map<string, string>();
    for (const [email, accountId] of accountByEmail) {
      const doctorId = doctorByAccount.get(accountId);
      if (doctorId) result.set(email, doctorId);
    }
    return result;
  }
}

function shiftKey(date: string, unit: string, shift: string): string {
  return `${date}|${unit.trim().toLowerCase()}|${shift.trim().toLowerCase()}`;
}

function describeDoctor(entry: RosterEntry): string {
  return [
    ...(entry.licenseNumber ? [`license number ${entry.licenseNumber}`] : []),
    ...(entry.email ? [`email ${entry.email}`] : []),
  ].join(' or ');
}

function unmatched(entry: RosterEntry, why: string): ImportMessage {
  return {
    code: 'ROSTER_UNMATCHED',
    message: `roster entry ${entry.line}: ${why}`,
    row: entry.line,
  };
}
