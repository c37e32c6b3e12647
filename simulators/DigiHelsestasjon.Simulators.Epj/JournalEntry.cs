using DigiHelsestasjon.Epj.Sdk;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>One thing the journal received from the platform or wrote itself. For a citizen's message also its
/// conversation (the platform's thread id), subject and attachments ("name (type, bytes)").</summary>
public sealed record JournalEntry(
    string Kind, Guid MessageId, string Pid, string UnitHerId, string Text, DateTimeOffset At,
    ApplicationReceipt? Receipt, BusinessOutcome? Outcome,
    Guid? ConversationId = null, string? Subject = null, IReadOnlyList<string>? Attachments = null, string? ActedBy = null, string? Note = null);
