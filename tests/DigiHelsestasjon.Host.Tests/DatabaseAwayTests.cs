using DigiHelsestasjon.Host.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Host.Tests;

/// <summary>Found by the day under faults: while PostgreSQL restarted, requests were answered 500 "internal-error", which
/// tells a client nothing it can do. A database that does not answer is a 503 with a time to retry; a real fault in a
/// query stays a 500.</summary>
public sealed class DatabaseAwayTests
{
    [Fact]
    public async Task Given_a_database_that_does_not_answer_When_a_request_needs_it_Then_the_answer_is_503_with_a_time_to_retry()
    {
        NpgsqlException away;
        try
        {
            await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=digi;Password=digi;Timeout=2");
            await connection.OpenAsync();
            throw new InvalidOperationException("port 1 answered");
        }
        catch (NpgsqlException exception)
        {
            away = exception;
        }

        // As EF Core's retrying strategy hands it on after its last attempt.
        var (status, retryAfter, body) = await HandleAsync(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", away));

        status.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        retryAfter.ShouldBe("5");
        body.ShouldContain("\"code\":\"database-unavailable\"");
        body.ShouldNotContain("127.0.0.1", customMessage: "the connection's details stay in the server");
    }

    [Fact]
    public async Task Given_a_query_the_database_refuses_When_it_fails_Then_it_stays_an_internal_error()
    {
        var refused = new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);

        var (status, _, body) = await HandleAsync(refused);

        status.ShouldBe(StatusCodes.Status500InternalServerError);
        body.ShouldContain("\"code\":\"internal-error\"");
    }

    [Fact]
    public async Task Given_a_deadlock_When_a_request_fails_on_it_Then_it_is_not_called_a_database_that_is_away()
    {
        var deadlock = new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected);
        deadlock.IsTransient.ShouldBeTrue("Npgsql calls it transient; it is still not an outage");

        (await HandleAsync(deadlock)).Status.ShouldBe(StatusCodes.Status500InternalServerError);
        (await HandleAsync(new PostgresException("the database system is shutting down", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow))).Status
            .ShouldBe(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(int Status, string RetryAfter, string Body)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Headers.Accept = "application/json";
        http.Response.Body = new MemoryStream();
        var handler = new ProblemDetailsExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), NullLogger<ProblemDetailsExceptionHandler>.Instance);

        (await handler.TryHandleAsync(http, exception, CancellationToken.None)).ShouldBeTrue();

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString(), await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
