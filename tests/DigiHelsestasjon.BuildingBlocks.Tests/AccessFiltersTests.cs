using System.Net;
using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Persistence;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.BuildingBlocks.Tests;

/// <summary><see cref="AccessFilters.RequireSubjectAccess"/> with one commit: the access-log rows and the write in one
/// transaction, and each access logged again on its own when the write fails, once and never twice.</summary>
public sealed class AccessFiltersTests
{
    private const string Route = "/api/v1/subjects/{subjectId}/notes";

    [Fact]
    public async Task Given_a_write_that_fails_When_logging_one_access_again_fails_too_Then_the_caller_meets_the_writes_own_failure_and_the_other_access_is_still_logged()
    {
        var gate = new Gate { FailOnAsk = 3 };
        var item = new object();
        await using var app = await StartAsync(gate, async http =>
        {
            await http.RefuseItemAsync(item, "note");
            throw new InvalidOperationException("The write failed.");
        });
        var response = await app.Client.PostAsync($"/api/v1/subjects/{Guid.NewGuid()}/notes", null);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        app.Thrown.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("The write failed.");
        gate.Asks.Count.ShouldBe(4, "the subject and the item in the write, then each again on its own");
        gate.Asks[3].ShouldBe((item, CancellationToken.None), "the item is logged again though the subject's row could not be");
        var warning = app.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("notes.write", StringComparison.Ordinal)).ShouldHaveSingleItem();
        warning.ShouldContain(nameof(InvalidOperationException));
        warning.ShouldNotContain("not reachable", Case.Insensitive, "the failure's message may carry the person's ids");
    }

    [Fact]
    public async Task Given_a_write_that_committed_When_a_step_after_the_commit_throws_Then_the_access_is_not_logged_a_second_time()
    {
        var gate = new Gate();
        await using var app = await StartAsync(gate, http =>
        {
            http.RequestServices.GetRequiredService<UnitOfWork>().AfterCommit(() => throw new OperationCanceledException("Cancelled after the commit."));
            return Task.CompletedTask;
        });

        await app.Client.PostAsync($"/api/v1/subjects/{Guid.NewGuid()}/notes", null);

        app.Thrown.ShouldBeOfType<OperationCanceledException>();
        gate.Asks.Count.ShouldBe(1, "the access row committed with the write; asking again would log it twice");
    }

    [Fact]
    public async Task Given_a_client_that_goes_away_after_the_work_When_the_write_commits_Then_it_commits_whole_and_the_access_is_logged_once()
    {
        var gate = new Gate();
        using var leaving = new CancellationTokenSource();
        await using var app = await StartAsync(
            gate,
            async http =>
            {
                // The write holds a transaction, so the commit has something to do when the client has left.
                await http.RequestServices.GetRequiredService<UnitOfWork>().JoinTransactionAsync(CancellationToken.None);
                await leaving.CancelAsync();
            },
            leaving.Token);

        var response = await app.Client.PostAsync($"/api/v1/subjects/{Guid.NewGuid()}/notes", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, app.Thrown?.ToString());
        gate.Asks.Count.ShouldBe(1);
    }

    private static async Task<App> StartAsync(Gate gate, Func<HttpContext, Task> write, CancellationToken requestAborted = default)
    {
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddScoped(_ => new UnitOfWork(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:")));
        builder.Services.AddSingleton<ISubjectAccessGate>(gate);
        var web = builder.Build();
        var app = new App(web, logs);
        web.Use(async (http, next) =>
        {
            if (requestAborted.CanBeCanceled)
            {
                http.RequestAborted = requestAborted;
            }

            try
            {
                await next(http);
            }
            catch (Exception exception)
            {
                app.Thrown = exception;
                http.Response.StatusCode = 500;
            }
        });
        web.MapPost(Route, async (HttpContext http) =>
        {
            await write(http);
            return Results.Ok();
        }).RequireSubjectAccess("notes.write", "notes.write", "Skrive et notat", oneCommit: true);
        await web.StartAsync();
        return app;
    }

    private sealed class App(WebApplication web, CapturedLogs logs) : IAsyncDisposable
    {
        private HttpClient? client;

        // Made once the server has started.
        public HttpClient Client => client ??= web.GetTestClient();

        public CapturedLogs Logs => logs;

        public Exception? Thrown { get; set; }

        public async ValueTask DisposeAsync()
        {
            client?.Dispose();
            await web.DisposeAsync();
        }
    }

    /// <summary>Grants the subject, refuses an item, and records each ask; the ask numbered <see cref="FailOnAsk"/> throws.</summary>
    private sealed class Gate : ISubjectAccessGate
    {
        public List<(object? Item, CancellationToken Token)> Asks { get; } = [];

        public int FailOnAsk { get; init; }

        public Task<object?> AuthorizeAsync(ClaimsPrincipal user, Guid subjectId, SubjectAccessRequirement requirement, CancellationToken cancellationToken, object? item = null)
        {
            Asks.Add((item, cancellationToken));
            if (Asks.Count == FailOnAsk)
            {
                throw new InvalidOperationException($"The access log is not reachable for {subjectId}.");
            }

            return Task.FromResult(item is null ? new object() : null);
        }

        public Task<IReadOnlyDictionary<Guid, object>> AuthorizeEveryAsync(ClaimsPrincipal user, SubjectAccessRequirement requirement, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The routes under test answer for one subject.");
    }
}
