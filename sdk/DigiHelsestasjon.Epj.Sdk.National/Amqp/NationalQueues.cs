namespace DigiHelsestasjon.Epj.Sdk.National.Amqp;

/// <summary>The queues of a communication party on the national service bus (HITS 1216 2.1.3): one set per HER-id.</summary>
public static class NationalQueues
{
    /// <summary>Asynchronous messages (no expiry).</summary>
    public static string Async(string herId) => $"{herId}_async";

    /// <summary>Synchronous requests; a message lives <see cref="SyncTimeToLive"/>.</summary>
    public static string Sync(string herId) => $"{herId}_sync";

    /// <summary>Answers to this party's synchronous requests.</summary>
    public static string SyncReply(string herId) => $"{herId}_syncreply";

    /// <summary>Transport errors about the messages this party sent (wrong signature, not decryptable, spoofing ...).</summary>
    public static string Error(string herId) => $"{herId}_error";

    /// <summary>Every queue of one party.</summary>
    public static IReadOnlyList<string> All(string herId) => [Async(herId), Sync(herId), SyncReply(herId), Error(herId)];

    /// <summary>A synchronous message expires after 15 seconds on the national bus.</summary>
    public static readonly TimeSpan SyncTimeToLive = TimeSpan.FromSeconds(15);

    /// <summary>The AMQP address of an existing durable queue on RabbitMQ. <c>/queue/x</c> or a bare name would declare
    /// it again as non-durable, which RabbitMQ refuses for a durable queue.</summary>
    public static string Address(string queue) => $"/amq/queue/{queue}";
}
