export { eventually } from './eventually';
export {
  createTestClient,
  startTestService,
  testLogger,
  type TestClient,
  type TestService,
  type TestServiceOptions,
} from './in-process';
export { answers, findInfrastructure, type Infrastructure } from './infrastructure';
export { createTestNamespace, TEST_EVENT_RETRY, type TestNamespace } from './namespace';
export { freePort, repoRoot, spawnCompiled, startApp, type ChildApp } from './processes';
export {
  createSystem,
  startSystem,
  systemEnv,
  TestSystem,
  type StartOptions,
  type SystemAdmin,
  type SystemOptions,
  type SystemProcess,
} from './system';
export { forEachBounded, mapBounded, sleep } from './bounded';
export {
  CRASHING_CONSUMER_SCRIPT,
  healthyEvent,
  killerEvent,
  killerRpc,
} from './poison/poison-contracts';
export { superviseCompiled, type SupervisedProcess, type SuperviseOptions } from './supervisor';
export { publishRaw, queueDepth, takeMessages, type ReceivedMessage } from './rabbit';
export { queueTypes, type QueueTypes } from './queue-types';
export { proxyInFrontOf, startTcpProxy, type TcpProxy } from './tcp-proxy';
export { probeEvents, type EventProbe } from './event-probe';
export { rpcFailure } from './rpc-failure';
export { APP_PORT_VARIABLES, MEDICALINK_APPS, type MedicalinkApp } from './apps';
export { gatewayClient, type Json, type Reply } from './gateway-client';
export {
  generatedShifts,
  scheduleFile,
  SHIFT_HEADER,
  type ScheduleFileKind,
  type SheetRow,
} from './schedule-files';
export {
  corruptSpreadsheet,
  hostileScheduleFiles,
  hugeCsvLine,
  manyCellsXlsx,
  MAX_SHEET_COLUMNS,
  repeatedCellsOds,
  wideSheet,
  zipBomb,
  type CorruptionKind,
  type HostileScheduleFile,
  type WideSheetOptions,
  type ZipBombOptions,
} from './hostile-spreadsheets';
export {
  deflatedRepeat,
  zipArchive,
  type DeflatedContent,
  type ZipEntryInput,
} from './zip-archive';
export { startRosterServer, type RosterRoute, type RosterServer } from './roster-server';
export {
  operationTable,
  reachedHandler,
  resultLine,
  runHttpFuzz,
  unreachedOperations,
  type FuzzOptions,
  type FuzzResult,
  type OperationCount,
} from './fuzz/http-fuzzer';
export type { FuzzTarget, FuzzUploads, UploadFile } from './fuzz/fuzz-requests';
export {
  deadLetterSeeder,
  externalFuzzSystem,
  FUZZ_SYSTEM_ENV,
  prepareFuzzTarget,
  startFuzzSystem,
  type FuzzSystem,
} from './fuzz/fuzz-system';
export { seedProductBody } from './product-fixtures';
export { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, type ConsoleBrowser } from './chromium';
export {
  openEventStream,
  type EventStream,
  type EventStreamOptions,
  type StreamedEvent,
} from './event-stream';
export { startOtlpCollector, type CollectedSpan, type OtlpCollector } from './otlp-collector';
