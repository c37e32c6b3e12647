using DigiHelsestasjon.Messaging.Persistence.Entities;

namespace DigiHelsestasjon.Messaging.Features.Threads;

/// <summary>Idempotency-Key on every create: the same key from the same person returns what the first request created
/// and creates nothing; the same key with another request is refused (422). The record is written in the same
/// transaction as what it created. A request looks for its key first (a retry answers at once), and claims it just before it
/// adds its rows: of two concurrent requests with one key, the second waits on the key's row until the first commits, then
/// answers with the first one's result (or goes on, if the first failed).</summary>
internal sealed class Idempotency(MessagingDbContext db, TimeProvider time)
{
    public const string Header = "Idempotency-Key";

    /// <summary>The key's problems, for a request's validator.</summary>
    public static IEnumerable<ValidationFailure> Check(string? key)
    {
        try
        {
            Validate(key);
        }
        catch (ValidationException exception)
        {
            return exception.Failures;
        }

        return [];
    }

    public static void Validate(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw ValidationException.For(Header, "Send an Idempotency-Key header: a new unique value (for example a UUID) for each new message, the same value when retrying it.");
        }

        if (key.Length > 100 || key.Any(c => c < 0x21 || c > 0x7E))
        {
            throw ValidationException.For(Header, "At most 100 visible ASCII characters, for example a UUID.");
        }
    }

    /// <summary>The id the first request with this key created, or null if the key is new.</summary>
    public async Task<Guid?> ReplayAsync(Guid actor, string key, string operation, string requestHash, CancellationToken cancellationToken)
    {
        var first = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.ActorPersonId == actor && r.Key == key, cancellationToken);
        if (first is null)
        {
            return null;
        }

        if (first.Operation != operation || first.RequestHash != requestHash)
        {
            var problem = new PlatformProblemException(
                422, "idempotency-key-reused", "This Idempotency-Key was used for another request.",
                "Each new message needs a new Idempotency-Key; send the same key only to retry the very same request.");
            problem.Extensions["field"] = Header;
            throw problem;
        }

        return first.ResultId;
    }

    /// <summary>Claims the key for the result about to be created (<paramref name="resultId"/>): null when this request
    /// goes on to create it, else the id the first request with this key created. One statement: the caller looked for the
    /// key when it began (<see cref="ReplayAsync"/>), so the key is read again only when another request took it since.</summary>
    public async Task<Guid?> ClaimAsync(Guid actor, string key, string operation, string requestHash, Guid resultId, CancellationToken cancellationToken)
    {
        var claim = new IdempotentRequest
        {
            ActorPersonId = actor, Key = key, Operation = operation, RequestHash = requestHash, ResultId = resultId, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        return await db.InsertIfAbsentAsync(claim, cancellationToken)
            ? null
            : await ReplayAsync(actor, key, operation, requestHash, cancellationToken) ?? throw new InvalidOperationException("The key's row was neither inserted nor found.");
    }

    /// <summary>A hash of what the request asks, part by part (length-prefixed, so no two requests share one).</summary>
    public static string Hash(params object?[] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            var text = part switch
            {
                null => "\0",
                IEnumerable<Guid> ids => string.Join(",", ids),
                _ => Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
            var bytes = Encoding.UTF8.GetBytes(text);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>A refusal about one field that is not a validation error (422: well-formed, but not takeable here), with the
/// field under <c>errors</c> as validation problems have it, so a client shows it by the field the same way.</summary>
internal static class FieldProblem
{
    public static PlatformProblemException Of(int status, string code, string title, string field, string message)
    {
        var problem = new PlatformProblemException(status, code, title, message);
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return problem;
    }
}
