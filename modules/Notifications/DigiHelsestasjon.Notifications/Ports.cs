namespace DigiHelsestasjon.Notifications;

/// <summary>A person's contact details from the national contact register (KRR).</summary>
/// <param name="Reserved">Reserved against digital notices from the public sector: send nothing.</param>
public sealed record ContactDetails(string? Phone, string? Email, bool Reserved);

/// <summary>KRR, asked just before sending (details change; the platform keeps none).</summary>
public interface IContactRegister
{
    /// <summary>The person's details, or null when the register has none.</summary>
    Task<ContactDetails?> FindAsync(string pid, CancellationToken cancellationToken);
}

/// <summary>The SMS gateway's answer: taken (with its id, which delivery reports name) or refused for good.</summary>
public sealed record SmsGatewayAnswer(bool Accepted, string? GatewayId, string? Error);

/// <summary>An SMS gateway. <paramref name="idempotencyKey"/> is the same on every retry of one notice on this channel:
/// the gateway answers a repeated key with its first answer and sends nothing.</summary>
public interface ISmsGateway
{
    /// <exception cref="NoticeChannelUnavailableException">Not reached, or no answer: retry with the same key.</exception>
    Task<SmsGatewayAnswer> SendAsync(string idempotencyKey, string phone, string text, CancellationToken cancellationToken);
}

/// <summary>A channel could not be reached or did not answer: the notice is retried with backoff.</summary>
public sealed class NoticeChannelUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Until the host plugs in a real contact register: every lookup fails as "unavailable" (retried, then
/// dead-lettered), so nothing is sent to a guessed address and the operator sees why.</summary>
internal sealed class UnconfiguredContactRegister : IContactRegister
{
    public Task<ContactDetails?> FindAsync(string pid, CancellationToken cancellationToken) =>
        throw new NoticeChannelUnavailableException("No contact register (KRR) is configured.");
}

/// <summary>Until the host plugs in a real SMS gateway.</summary>
internal sealed class UnconfiguredSmsGateway : ISmsGateway
{
    public Task<SmsGatewayAnswer> SendAsync(string idempotencyKey, string phone, string text, CancellationToken cancellationToken) =>
        throw new NoticeChannelUnavailableException("No SMS gateway is configured.");
}
