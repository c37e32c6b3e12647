using DigiHelsestasjon.Epj.Sdk.National.Amqp;
using DigiHelsestasjon.Epj.Sdk.National.Kith;

namespace DigiHelsestasjon.Epj.Sdk.National;

/// <summary>The AppRec a receiver answers a business message with.</summary>
public sealed record NationalReceipt(AppRecStatus Status, IReadOnlyList<AppRecError> Errors)
{
    public static NationalReceipt Ok { get; } = new(AppRecStatus.Ok, []);

    public static NationalReceipt Rejected(string code, string description) => new(AppRecStatus.Rejected, [new AppRecError(code, description)]);
}

/// <summary>What a party does with what reaches it, once <see cref="NationalEndpoint"/> has checked the transport (the
/// sender's signature, the HER-ids, well-formed and valid XML). Each call may come twice (a redelivery after a crash or
/// a broker restart, or the sender's resend): answer the same MsgId with the same receipt and do nothing twice.</summary>
public interface INationalReceiver
{
    /// <summary>An asynchronous business message; the answer goes back as an AppRec. Null: the AppRec comes later
    /// (<see cref="NationalEndpoint.SendAppRecAsync"/>), as from a journal whose receipts are slow.</summary>
    Task<NationalReceipt?> ReceiveAsync(NationalMessage message, CancellationToken cancellationToken);

    /// <summary>An AppRec for a message this party sent.</summary>
    Task ReceiveAppRecAsync(NationalAppRec appRec, CancellationToken cancellationToken);

    /// <summary>A synchronous request; the answer goes to its reply-to queue within 15 seconds.</summary>
    Task<NationalMessage> AnswerAsync(NationalMessage request, CancellationToken cancellationToken);

    /// <summary>A transport error about a message this party sent (from its error queue).</summary>
    Task ReceiveTransportErrorAsync(NationalEnvelope error, CancellationToken cancellationToken);
}
