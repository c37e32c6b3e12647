namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>Checks a request before its handler runs. Name the failing field as the client sent it (camelCase).</summary>
public interface IValidator<in TRequest>
{
    IEnumerable<ValidationFailure> Validate(TRequest request);
}

public sealed record ValidationFailure(string Field, string Message);

/// <summary>Answered as 400 problem details with the failing fields under <c>errors</c>.</summary>
public sealed class ValidationException(IReadOnlyList<ValidationFailure> failures)
    : Exception("Validation failed: " + string.Join(", ", failures.Select(f => f.Field)))
{
    public IReadOnlyList<ValidationFailure> Failures { get; } = failures;

    public static ValidationException For(string field, string message) => new([new ValidationFailure(field, message)]);
}

/// <summary>A rule the caller broke, answered as problem details with a stable code.</summary>
public class PlatformProblemException(int status, string code, string title, string? detail = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;

    /// <summary>Stable, machine-readable: clients switch on it.</summary>
    public string Code { get; } = code;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

/// <summary>404: also for what exists but the caller may not see (never confirm existence).</summary>
public sealed class NotFoundException(string what) : PlatformProblemException(404, "not-found", "Not found", $"No {what} was found.");
