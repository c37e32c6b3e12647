using DigiHelsestasjon.BuildingBlocks.Mediation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DigiHelsestasjon.Host.Infrastructure;

/// <summary>Every error leaves as RFC 9457 problem details with a stable <c>code</c>; validation
/// errors name the failing fields.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => ProblemDetailsMapping.Validation(validation.Failures),
            PlatformProblemException known => ProblemDetailsMapping.From(known),
            BadHttpRequestException bad => ProblemDetailsMapping.BadRequest(bad),
            _ when ProblemDetailsMapping.IsDatabaseAway(exception) => ProblemDetailsMapping.DatabaseUnavailable(),
            _ => null,
        };

        if (problem is { Status: 503 } && problem.Extensions.TryGetValue("code", out var code) && code as string == "database-unavailable")
        {
            // Expected while the database restarts or fails over: one line, no stack, and the client is told to retry.
            logger.LogWarning("The database did not answer on {Method} {Route}: {Error} {SqlState}", httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName,
                exception.GetType().Name, (exception as System.Data.Common.DbException ?? exception.InnerException as System.Data.Common.DbException)?.SqlState);
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Route}", httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Type = ProblemTypes.For("internal-error"),
                Extensions = { ["code"] = "internal-error" },
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        if (problem.Extensions.TryGetValue("retryAfterSeconds", out var retryAfter) && retryAfter is int seconds)
        {
            // A refusal that passes with time (a rate limit, a full queue) says when to try again, as 429 and 503 should.
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The client may not take JSON (an event stream after quick exit, a calendar app polling a revoked feed): then the
        // status alone answers, with an empty body. Returning false here would rethrow, and a 404 would become a 500.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        return true;
    }
}

internal static class ProblemDetailsMapping
{
    public static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        if (!context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            var code = context.ProblemDetails.Status switch
            {
                400 => "bad-request",
                401 => "unauthenticated",
                403 => "forbidden",
                404 => "not-found",
                405 => "method-not-allowed",
                409 => "conflict",
                415 => "unsupported-media-type",
                _ => "error",
            };
            context.ProblemDetails.Extensions["code"] = code;
        }
    }

    /// <summary>A database that cannot be reached or dropped the connection (a restart, a failover). Only connection-level
    /// errors: a deadlock, a serialization failure or a full disk is transient too, but it is not "away", and stays a 500
    /// the operator sees with its stack.</summary>
    public static bool IsDatabaseAway(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var away = e switch
            {
                // The server's own word: connection failures (class 08), shutting down or starting (57P01-57P03), too many connections.
                Npgsql.PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState is "57P01" or "57P02" or "57P03" or "53300",
                // The client could not reach it or lost it (refused, reset, timed out).
                Npgsql.NpgsqlException => true,
                // Other providers (SQL Server, SQLite) by their own judgement.
                System.Data.Common.DbException { IsTransient: true } => true,
                _ => false,
            };
            if (away)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>503 with a time to retry. A request whose connection dropped during its commit may have committed: a client
    /// repeats a write safely only with an Idempotency-Key, which the platform's writes take.</summary>
    public static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The service is briefly unavailable.",
        Detail = "The database did not answer. Try again in a few seconds.",
        Type = ProblemTypes.For("database-unavailable"),
        Extensions = { ["code"] = "database-unavailable", ["retryAfterSeconds"] = 5 },
    };

    public static ProblemDetails Validation(IReadOnlyList<ValidationFailure> failures) => new HttpValidationProblemDetails(
        failures.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()))
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is not valid.",
        Detail = "Invalid: " + string.Join(", ", failures.Select(f => f.Field).Distinct()),
        Type = ProblemTypes.For("validation"),
        Extensions = { ["code"] = "validation" },
    };

    public static ProblemDetails From(PlatformProblemException known)
    {
        var problem = new ProblemDetails
        {
            Status = known.Status,
            Title = known.Title,
            Detail = known.Detail,
            Type = ProblemTypes.For(known.Code),
            Extensions = { ["code"] = known.Code },
        };
        foreach (var (key, value) in known.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    // A parameter or body the endpoint cannot read: name the field and what it takes. Never the
    // framework's message: it names .NET types and echoes the caller's value.
    public static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The body must be JSON.",
                Detail = "Send the body as application/json.",
                Type = ProblemTypes.For("unsupported-media-type"),
                Extensions = { ["code"] = "unsupported-media-type" },
            };
        }

        var (field, expected) = bad.InnerException is System.Text.Json.JsonException json
            ? JsonFieldOf(json)
            : ParameterOf(bad.Message);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"Expected {expected}."] })
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
            Detail = $"Invalid: {field}. Expected {expected}.",
            Type = ProblemTypes.For("bad-request"),
            Extensions = { ["code"] = "bad-request" },
        };
    }

    // The field as the client names it ("reminderLeadTimesHours[2]", not "$.reminderLeadTimesHours[2]") and, where System.Text.Json
    // names the type it could not convert to, what that type takes ("a whole number"): an admin's form can point at the value.
    private static (string Field, string Expected) JsonFieldOf(System.Text.Json.JsonException json)
    {
        var path = json.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : json.Path ?? "$";
        var converted = System.Text.RegularExpressions.Regex.Match(json.Message, @"converted to (?<type>[\w.`\[\]]+?)\.? Path");
        var type = converted.Success ? converted.Groups["type"].Value : "";
        type = type.Replace("System.Nullable`1[", string.Empty, StringComparison.Ordinal).TrimEnd(']');
        type = type[(type.LastIndexOf('.') + 1)..];
        var expected = type switch
        {
            "Int32" or "Int64" or "Int16" => "a whole number",
            "Boolean" => "true or false",
            "Guid" => "a GUID",
            "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601 (for example 2026-11-22T09:00:00Z)",
            "DateOnly" => "a date in ISO 8601 (for example 2026-11-22)",
            "TimeOnly" => "a time of day (for example 08:30)",
            "String" => "text",
            _ => "valid JSON of the documented shape",
        };
        return (path, expected);
    }

    // ASP.NET Core's binding messages quote the parameter as "Type name" ("Failed to bind parameter \"DateTimeOffset? from\" ...").
    private static (string Field, string Expected) ParameterOf(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"");
        if (!match.Success)
        {
            return ("request", "a request as documented");
        }

        var name = match.Groups["name"].Value;
        var type = match.Groups["type"].Value.Replace("Nullable<", string.Empty, StringComparison.Ordinal).TrimEnd('?', '>');
        type = type[(type.LastIndexOf('.') + 1)..];
        var expected = type switch
        {
            "Guid" => "a GUID",
            "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601 (for example 2026-11-22T09:00:00Z)",
            "DateOnly" => "a date in ISO 8601 (for example 2026-11-22)",
            "int" or "long" or "Int32" or "Int64" => "a whole number",
            "bool" or "Boolean" => "true or false",
            _ when message.StartsWith("Required", StringComparison.Ordinal) || message.Contains("no body", StringComparison.Ordinal) => "a value; it is required",
            _ => "a valid value",
        };
        return (name, expected);
    }
}
