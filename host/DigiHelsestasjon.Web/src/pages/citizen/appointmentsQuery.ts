import { queryOptions } from '@tanstack/react-query';
import { data, getApiV1SubjectsBySubjectIdAppointments, type Appointment } from '../../api';
import { followRhythm } from '../../query';

export const appointmentsKey = (subjectId: string) => ['subjects', subjectId, 'appointments'];

/** A person's appointments; asked again while a cancellation waits for the health station, so its answer shows. */
export const appointmentsQuery = (subjectId: string) =>
  queryOptions({
    queryKey: appointmentsKey(subjectId),
    queryFn: () => data<Appointment[]>(getApiV1SubjectsBySubjectIdAppointments({ path: { subjectId } })),
    refetchInterval: (query) => (query.state.data?.some((a) => a.cancellation?.state === 'requested') ? followRhythm : false),
  });
