using DigiHelsestasjon.BuildingBlocks.Contracts;

namespace DigiHelsestasjon.Messaging.Contracts;

// Facts for Notifications. They carry ids only, never the text, the topic or the thread's subject: a notice may
// only say that there is something to see. The protection flags let the receiver choose recipients by the same
// rules as the thread (a youth's own thread with the school nurse is never announced to the parents).

/// <summary>The health service wrote to the person (a reply, or a new thread).</summary>
public sealed record HealthServiceMessageArrived(
    Guid ThreadId, Guid MessageId, Guid PersonId, Guid UnitId, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>A citizen's message could not be journaled: the author should be told to call the unit.</summary>
public sealed record CitizenMessageFailed(
    Guid ThreadId, Guid MessageId, Guid PersonId, Guid UnitId, Guid AuthorPersonId, bool ExemptFromParentalAccess, bool YouthService) : IntegrationEvent;

/// <summary>Delivery states of a citizen's message, as the API shows them. Only <see cref="Journaled"/> means it is in
/// the journal; <see cref="Received"/> is the journal's application receipt alone.</summary>
public static class DeliveryStates
{
    public const string Sent = "sent";
    public const string Received = "received";
    public const string Journaled = "journaled";
    public const string Failed = "failed";
}

/// <summary>What a thread is about: the citizen chooses, the health station sorts by it.</summary>
public static class ThreadTopics
{
    public const string Administrative = "administrative";
    public const string Health = "health";

    /// <summary>A young person asks the school health service or HFU for a time, on their own behalf (the text says when
    /// suits and why). Over the national bus it goes as Timeønske ungdom; the unit's answer comes back in the thread.</summary>
    public const string TimeWish = "time-wish";

    public static readonly IReadOnlyList<string> All = [Administrative, Health, TimeWish];
}

/// <summary>One line of an anonymous chat the youth agreed to copy: who wrote it (youth or nurse), when, what.</summary>
public sealed record YouthChatLine(DateTimeOffset At, string From, string Text);

/// <summary>A youth who chatted anonymously logged in and chose to go on in a thread with the unit. Messaging starts the
/// thread with the youth's own first message. With consent (<paramref name="ConsentedTranscript"/>, at
/// <paramref name="ConsentedAt"/>) the chat is copied into it as well, and reaches the journal as a transcript where the
/// unit's journal takes one, otherwise as the youth's message. Nothing here names the anonymous conversation.</summary>
/// <returns>The new thread's id.</returns>
public sealed record StartThreadFromYouthChat(
    Guid PersonId, Guid UnitId, string Message, IReadOnlyList<YouthChatLine>? ConsentedTranscript, DateTimeOffset? ConsentedAt) : ICommand<Guid>;
