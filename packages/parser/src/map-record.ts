import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { mapWithProfile } from './map-with-profile';
import { profiles } from './profiles';

const standard = mapWithProfile(profiles.standard);
const extended = mapWithProfile(profiles.extended);

/** Maps a decoded record (from `parse` results, or decoded elsewhere) to the standard profile's event. */
export function mapRecord(record: FlowLogRecord, message: string, context?: RecordContext): FlowLogEvent {
  return standard(record, message, context) as FlowLogEvent;
}

/** Maps a decoded record to the extended profile's event. */
export function mapExtendedRecord(
  record: FlowLogRecord,
  message: string,
  context?: RecordContext,
): ExtendedFlowLogEvent {
  return extended(record, message, context) as ExtendedFlowLogEvent;
}
