using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>An appointment as the fake journal holds it.</summary>
public sealed record SimulatedAppointment(
    string AppointmentId, long Version, string Pid, string UnitHerId, DateTimeOffset Start, DateTimeOffset End,
    string Type, string PractitionerRole, string Location, bool Exempt, AppointmentStatus Status, bool IsVideo = false);
