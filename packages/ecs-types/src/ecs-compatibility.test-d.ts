import type {
  EcsContainer,
  EcsEcs,
  EcsOrchestrator,
  EcsService,
  EcsCloud,
  EcsDestination,
  EcsEvent,
  EcsNetwork,
  EcsObserver,
  EcsRelated,
  EcsSource,
} from '@elastic/ecs';
import { describe, expectTypeOf, test } from 'vitest';
import type { ExtendedFlowLogEvent, FlowLogEvent, FlowLogStatusEvent, FlowLogTrafficEvent } from './index';

// Every ECS field set we emit must be assignable to the official type, so a
// user can hand our events to code typed against `@elastic/ecs`. `action` is
// not an ECS field set: the contract requires it (see README).
type EcsTopLevel = {
  '@timestamp'?: string;
  message?: string;
  cloud?: EcsCloud;
  destination?: EcsDestination;
  event?: EcsEvent;
  network?: EcsNetwork;
  observer?: EcsObserver;
  related?: EcsRelated;
  source?: EcsSource;
};

type EcsExtendedTopLevel = EcsTopLevel & {
  container?: EcsContainer;
  ecs?: EcsEcs;
  orchestrator?: EcsOrchestrator;
  service?: EcsService;
};

describe('standard profile types', () => {
  test('traffic events are ECS documents plus the contract action', () => {
    expectTypeOf<Omit<FlowLogTrafficEvent, 'action'>>().toExtend<EcsTopLevel>();
  });

  test('status events are ECS documents plus the contract action', () => {
    expectTypeOf<Omit<FlowLogStatusEvent, 'action'>>().toExtend<EcsTopLevel>();
  });

  test('each field set matches its ECS type', () => {
    expectTypeOf<FlowLogTrafficEvent['event']>().toExtend<EcsEvent>();
    expectTypeOf<FlowLogStatusEvent['event']>().toExtend<EcsEvent>();
    expectTypeOf<NonNullable<FlowLogTrafficEvent['source']>>().toExtend<EcsSource>();
    expectTypeOf<NonNullable<FlowLogTrafficEvent['destination']>>().toExtend<EcsDestination>();
    expectTypeOf<NonNullable<FlowLogTrafficEvent['network']>>().toExtend<EcsNetwork>();
    expectTypeOf<NonNullable<FlowLogTrafficEvent['related']>>().toExtend<EcsRelated>();
    expectTypeOf<FlowLogEvent['cloud']>().toExtend<EcsCloud>();
  });

  test('status events carry the traffic fields their record has, typed as on traffic events', () => {
    expectTypeOf<FlowLogStatusEvent['source']>().toEqualTypeOf<FlowLogTrafficEvent['source']>();
    expectTypeOf<FlowLogStatusEvent['related']>().toEqualTypeOf<FlowLogTrafficEvent['related']>();
    expectTypeOf<FlowLogStatusEvent['action']['name']>().toEqualTypeOf<FlowLogTrafficEvent['action']['name']>();
    expectTypeOf<FlowLogStatusEvent['event']['outcome']>().toEqualTypeOf<'nodata' | 'skipdata'>();
  });

  test('fields read the same way on any event', () => {
    expectTypeOf<FlowLogEvent['source']>().toEqualTypeOf<FlowLogTrafficEvent['source']>();
    expectTypeOf<FlowLogEvent['network']>().toEqualTypeOf<FlowLogTrafficEvent['network']>();
  });

  test('extended events are ECS documents plus the contract action and aws.*', () => {
    expectTypeOf<Omit<ExtendedFlowLogEvent, 'action' | 'aws'>>().toExtend<EcsExtendedTopLevel>();
    expectTypeOf<ExtendedFlowLogEvent['event']>().toExtend<EcsEvent>();
    expectTypeOf<NonNullable<ExtendedFlowLogEvent['network']>>().toExtend<EcsNetwork>();
    expectTypeOf<NonNullable<ExtendedFlowLogEvent['orchestrator']>>().toExtend<EcsOrchestrator>();
    expectTypeOf<ExtendedFlowLogEvent['cloud']>().toExtend<EcsCloud>();
  });

  test('extended keeps every standard field set with the same types', () => {
    expectTypeOf<FlowLogTrafficEvent['source']>().toExtend<ExtendedFlowLogEvent['source']>();
    expectTypeOf<FlowLogTrafficEvent['destination']>().toExtend<ExtendedFlowLogEvent['destination']>();
    expectTypeOf<FlowLogTrafficEvent['network']>().toExtend<ExtendedFlowLogEvent['network']>();
    expectTypeOf<FlowLogEvent['cloud']>().toExtend<ExtendedFlowLogEvent['cloud']>();
    expectTypeOf<FlowLogEvent['action']>().toExtend<ExtendedFlowLogEvent['action']>();
  });

  test('a field of the wrong type is caught', () => {
    // Guards the guard: if these stopped failing, the checks above would prove nothing.
    expectTypeOf<{ port: string }>().not.toExtend<EcsSource>();
    expectTypeOf<{ iana_number: number }>().not.toExtend<EcsNetwork>();
  });
});
