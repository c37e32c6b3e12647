using Amqp;
using Amqp.Framing;

namespace DigiHelsestasjon.Epj.Sdk.National.Amqp;

/// <summary>An AMQP message on the national bus with the properties HITS 1216 2.1.2 requires: message id, to, subject
/// (the process), reply-to, correlation id, content type, and the application properties fromHerId, toHerId,
/// applicationTimeStamp and (when there is an agreement) cpaId. The body is the CMS-protected business message.</summary>
public sealed record NationalEnvelope
{
    /// <summary>Content type of a signed and encrypted business message.</summary>
    public const string SignedAndEncrypted = "application/pkcs7-mime; smime-type=signed-and-enveloped-data";

    public string MessageId { get; init; } = Guid.NewGuid().ToString();
    public string To { get; init; } = "";
    public string Subject { get; init; } = "";
    public string ReplyTo { get; init; } = "";
    public string CorrelationId { get; init; } = "";
    public string ContentType { get; init; } = SignedAndEncrypted;
    public string FromHerId { get; init; } = "";
    public string ToHerId { get; init; } = "";
    public DateTimeOffset ApplicationTimeStamp { get; init; }
    public string? CpaId { get; init; }

    /// <summary>Set on a message to a party's error queue (HITS 1216 2.2.4): the failed message's AMQP id and why.</summary>
    public string? OriginalMessageId { get; init; }
    public string? ErrorCondition { get; init; }
    public string? ErrorDescription { get; init; }
    public string? ErrorConditionData { get; init; }

    /// <summary>Null on an error-queue message (it carries no business document).</summary>
    public byte[]? Body { get; init; }

    /// <summary>How long it lives on the queue; null for asynchronous messages (they never expire).</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>The AMQP message: durable (it survives a broker restart), with every property set.</summary>
    public Message ToAmqp()
    {
        var message = Body is null ? new Message() : new Message { BodySection = new Data { Binary = Body } };
        message.Header = new Header { Durable = true };
        if (TimeToLive is { } ttl)
        {
            message.Header.Ttl = (uint)ttl.TotalMilliseconds;
        }

        message.Properties = new Properties
        {
            MessageId = MessageId, To = To, Subject = Subject, ReplyTo = ReplyTo, CorrelationId = CorrelationId, ContentType = ContentType,
        };
        var properties = new ApplicationProperties();
        properties["fromHerId"] = FromHerId;
        properties["toHerId"] = ToHerId;
        properties["applicationTimeStamp"] = ApplicationTimeStamp.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        Set(properties, "cpaId", CpaId);
        Set(properties, "originalMessageId", OriginalMessageId);
        Set(properties, "errorCondition", ErrorCondition);
        Set(properties, "errorDescription", ErrorDescription);
        Set(properties, "errorConditionData", ErrorConditionData);
        if (ErrorCondition is not null)
        {
            properties["receiverTimeStamp"] = properties["applicationTimeStamp"];
        }

        message.ApplicationProperties = properties;
        return message;
    }

    /// <summary>Reads what arrived; a missing property reads as empty (the receiver's validation names it).</summary>
    public static NationalEnvelope FromAmqp(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = message.ApplicationProperties;
        string? Get(string name) => properties is not null && properties.Map.ContainsKey(name) ? properties[name]?.ToString() : null;
        return new NationalEnvelope
        {
            MessageId = message.Properties?.MessageId ?? "",
            To = message.Properties?.To ?? "",
            Subject = message.Properties?.Subject ?? "",
            ReplyTo = message.Properties?.ReplyTo ?? "",
            CorrelationId = message.Properties?.CorrelationId ?? "",
            ContentType = message.Properties?.ContentType?.ToString() ?? "",
            FromHerId = Get("fromHerId") ?? "",
            ToHerId = Get("toHerId") ?? "",
            ApplicationTimeStamp = DateTimeOffset.TryParse(Get("applicationTimeStamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? at : default,
            CpaId = Get("cpaId"),
            OriginalMessageId = Get("originalMessageId"),
            ErrorCondition = Get("errorCondition"),
            ErrorDescription = Get("errorDescription"),
            ErrorConditionData = Get("errorConditionData"),
            Body = message.Body as byte[],
        };
    }

    private static void Set(ApplicationProperties properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = value;
        }
    }
}
