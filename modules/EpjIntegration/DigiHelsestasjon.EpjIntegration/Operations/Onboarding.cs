using System.Security.Claims;
using System.Text.Json;
using DigiHelsestasjon.BuildingBlocks.Contracts;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Modules;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk.Conformance;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DigiHelsestasjon.EpjIntegration.Operations;

/// <param name="BaseAddress">The connector's https address; with <c>transport: amqp</c>, the journal's HER-id on the national bus.</param>
/// <param name="Environment">Only <c>test</c>: a connection reaches production through promote, after an acceptance test.</param>
/// <param name="SecretName">The shared secret is configured as <c>Epj:Secrets:{secretName}</c> (environment, user secrets, a vault
/// provider); it is never sent to or returned by the API. Not used with <c>transport: amqp</c> (certificates instead).</param>
/// <param name="Transport"><c>http</c> (the default: the platform's own contract) or <c>amqp</c> (the national message service;
/// the journal must be configured under <c>Epj:National:Journals</c>, which gives its installation and certificates).</param>
public sealed record EpjConnectionBody(string? Vendor, string? BaseAddress, string? InstallationId, string? SecretName, string? Environment, string? Transport = null);

/// <param name="Transport">http (the own contract) or amqp (the national message service; BaseAddress is then the journal's HER-id).</param>
public sealed record EpjConnectionView(Guid UnitId, string Vendor, string BaseAddress, string InstallationId, string Environment, string Transport = "http");

/// <param name="Verdict">passed only with no failure and most checks run; else failed, or not-verified when most were skipped.</param>
/// <param name="NotVerified">The behaviours a skipped check would have shown, so no one reads "passed" as "all verified".</param>
public sealed record AcceptanceRunView(
    Guid RunId, string Kommunenummer, DateTimeOffset StartedAt, int Passed, int Failed, int Skipped, string Verdict, IReadOnlyList<string> NotVerified, IReadOnlyList<AcceptanceCase> Cases);

public sealed record AcceptanceCase(string Vendor, string InstallationId, string Check, string Verdict, string? Message);

public sealed record ConnectionAuditView(Guid UnitId, string Action, string Actor, DateTimeOffset At, string Detail);

/// <summary>A connection's health for the operator: when it last worked, when it last failed, what waits.</summary>
public sealed record ConnectionHealth(
    Guid UnitId, string Kommunenummer, string Vendor, string InstallationId, string Environment, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt,
    string? LastError, int Waiting, int DeadLettered);

// Public so the host's onboarding commands send the same commands as the API; the handlers stay internal.
public sealed record ConnectUnit(Guid UnitId, EpjConnectionBody Body, string Actor) : ICommand<EpjConnectionView>;

public sealed record RunAcceptanceTest(string Kommunenummer, string Actor) : ICommand<AcceptanceRunView>;

public sealed record PromoteConnection(Guid UnitId, string Actor) : ICommand<EpjConnectionView>;

internal sealed class ConnectUnitValidator(IConfiguration configuration, National.NationalJournals journals) : IValidator<ConnectUnit>
{
    public IEnumerable<ValidationFailure> Validate(ConnectUnit request)
    {
        var body = request.Body;
        if (body.Vendor is not { Length: > 0 and <= 32 } || !body.Vendor.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return new ValidationFailure("vendor", "The journal's vendor name in lower case, for example visma.");
        }

        if (body.Transport is not (null or "http" or National.NationalTransportNames.Amqp))
        {
            yield return new ValidationFailure("transport", "http (the platform's own contract, the default) or amqp (the national message service).");
            yield break;
        }

        if (body.Transport == National.NationalTransportNames.Amqp)
        {
            foreach (var failure in ValidateNational(body))
            {
                yield return failure;
            }

            yield break;
        }

        if (!Uri.TryCreate(body.BaseAddress, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http") || body.BaseAddress!.Length > 500)
        {
            yield return new ValidationFailure("baseAddress", "The connector's absolute https address.");
        }
        else if (JournalAddresses.Refusal(address, JournalAddresses.AllowLocal(configuration)) is { } refusal)
        {
            yield return new ValidationFailure("baseAddress", refusal);
        }

        if (body.InstallationId is not { Length: > 0 and <= 100 } || body.InstallationId.Any(char.IsControl))
        {
            yield return new ValidationFailure("installationId", "The municipality installation's id, as the journal knows it (at most 100 characters).");
        }

        if (body.SecretName is { } name && (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            yield return new ValidationFailure("secretName", "Letters, digits, '-', '_' and '.'; the secret itself is configured as Epj:Secrets:{secretName}.");
        }

        if (body.Environment is not (null or EpjEnvironments.Test))
        {
            yield return EnvironmentFailure;
        }
    }

    private static readonly ValidationFailure EnvironmentFailure =
        new("environment", "test: a connection reaches production through POST .../epj-connection/promote after an acceptance test with no failure.");

    /// <summary>A journal on the national bus is named by its HER-id; its installation and certificates come from the
    /// agreement configured under <c>Epj:National:Journals</c>, so nothing secret passes the API.</summary>
    private IEnumerable<ValidationFailure> ValidateNational(EpjConnectionBody body)
    {
        if (body.BaseAddress is not { Length: > 0 and <= 20 } herId || !herId.All(char.IsAsciiDigit))
        {
            yield return new ValidationFailure("baseAddress", "With transport amqp: the journal's HER-id on the national bus (digits).");
        }
        else if (journals.Of(herId) is not { } journal)
        {
            yield return new ValidationFailure("baseAddress", "No journal with this HER-id is configured under Epj:National:Journals (its agreement: installation, AppRec version, certificates).");
        }
        else if (body.InstallationId is { Length: > 0 } installation && installation != journal.InstallationId)
        {
            yield return new ValidationFailure("installationId", "With transport amqp the installation is the one the journal's agreement names; leave it out, or give that one.");
        }

        if (body.SecretName is not null)
        {
            yield return new ValidationFailure("secretName", "With transport amqp there is no shared secret: the journal's certificates sign and encrypt.");
        }

        if (body.Environment is not (null or EpjEnvironments.Test))
        {
            yield return EnvironmentFailure;
        }
    }
}

internal sealed class OnboardingHandlers(
    EpjDbContext db, IMediator mediator, EpjInstallations installations, EpjAcceptanceTest acceptance, TimeProvider time, IConfiguration configuration, UnitOfWork unitOfWork,
    National.NationalJournals journals) :
    IRequestHandler<ConnectUnit, EpjConnectionView>,
    IRequestHandler<RunAcceptanceTest, AcceptanceRunView>,
    IRequestHandler<PromoteConnection, EpjConnectionView>
{
    public async Task<EpjConnectionView> Handle(ConnectUnit request, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(request.UnitId), cancellationToken) ?? throw new NotFoundException("unit");
        var body = request.Body;
        if (body.Transport == National.NationalTransportNames.Amqp)
        {
            var national = new EpjConnection(body.Vendor!, National.NationalTransportNames.Amqp, body.BaseAddress!, journals.Of(body.BaseAddress!)!.InstallationId, EpjEnvironments.Test, null);
            await mediator.Send(new SetUnitEpjConnection(unit.UnitId, national), cancellationToken);
            Audit(unit, "connected", request.Actor, $"{national.Vendor} on the national bus as HER-id {national.Endpoint}, installation {national.InstallationId}, environment test");
            return View(unit.UnitId, national);
        }

        // The validator refused the spellings; here the name is resolved too (the delivery's handler checks again on every connect).
        if (await JournalAddresses.RefusalAsync(new Uri(body.BaseAddress!), JournalAddresses.AllowLocal(configuration), cancellationToken) is { } refusal)
        {
            throw ValidationException.For("baseAddress", refusal);
        }

        // Look the secret up without touching the installation: a refused change must leave the working connection's
        // secret as it was. The installation uses the new name only once the connection is saved (AfterCommit).
        var secret = body.SecretName is { } name ? configuration[EpjInstallations.SecretKey(name)] : installations.SecretOf(body.InstallationId!);
        if (string.IsNullOrEmpty(secret))
        {
            throw ValidationException.For(body.SecretName is null ? "installationId" : "secretName",
                $"No shared secret is configured for it: set {(body.SecretName is { } n ? EpjInstallations.SecretKey(n) : $"Epj:Installations:{body.InstallationId}:SharedSecret")} first.");
        }

        var connection = new EpjConnection(body.Vendor!, "http", body.BaseAddress!, body.InstallationId!, EpjEnvironments.Test, body.SecretName);
        await mediator.Send(new SetUnitEpjConnection(unit.UnitId, connection), cancellationToken);
        Audit(unit, "connected", request.Actor, $"{connection.Vendor} at {connection.Endpoint}, installation {connection.InstallationId}, environment test");
        if (body.SecretName is { } saved)
        {
            unitOfWork.AfterCommit(() => installations.UseSecretName(connection.InstallationId, saved));
        }

        return View(unit.UnitId, connection);
    }

    public async Task<AcceptanceRunView> Handle(RunAcceptanceTest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var reports = await acceptance.RunAsync(request.Kommunenummer, cancellationToken, EpjEnvironments.Test) ?? throw new NotFoundException("municipality with units");
        if (reports.Count == 0)
        {
            throw new PlatformProblemException(StatusCodes.Status409Conflict, "no-test-connection", "The municipality has no connection in the test environment.",
                "Connect a unit first: PUT /api/v1/admin/units/{unitId}/epj-connection.");
        }

        var cases = reports.SelectMany(r => r.Results.Select(c => new AcceptanceCase(r.Vendor, r.InstallationId, c.Check, c.Verdict.ToString().ToLowerInvariant(), c.Message))).ToList();
        var run = new AcceptanceRun
        {
            Id = Guid.NewGuid(), Kommunenummer = request.Kommunenummer, RunBy = request.Actor, StartedAt = started,
            Passed = cases.Count(c => c.Verdict == "passed"), Failed = cases.Count(c => c.Verdict == "failed"), Skipped = cases.Count(c => c.Verdict == "skipped"),
            Installations = string.Join(',', reports.Select(r => r.InstallationId).Distinct()), Cases = JsonSerializer.Serialize(cases, JsonSerializerOptions.Web),
        };
        db.AcceptanceRuns.Add(run);
        return View(run);
    }

    public async Task<EpjConnectionView> Handle(PromoteConnection request, CancellationToken cancellationToken)
    {
        var unit = await mediator.Send(new GetUnit(request.UnitId), cancellationToken) ?? throw new NotFoundException("unit");
        if (unit.Epj is not { } connection)
        {
            throw Conflict("no-connection", "The unit has no journal connection.");
        }

        if (connection.Environment == EpjEnvironments.Production)
        {
            return View(unit.UnitId, connection);
        }

        // Only a run against this connection as it is now: a run from before its address changed tested another address.
        var connectedAt = await db.ConnectionAudit.AsNoTracking().Where(a => a.UnitId == unit.UnitId && a.Action == "connected")
            .OrderByDescending(a => a.At).Select(a => (DateTime?)a.At).FirstOrDefaultAsync(cancellationToken);
        var since = db.AcceptanceRuns.AsNoTracking().Where(r => r.Kommunenummer == unit.Kommunenummer);
        if (connectedAt is { } at)
        {
            since = since.Where(r => r.StartedAt >= at);
        }

        var runs = await since.OrderByDescending(r => r.StartedAt).ToListAsync(cancellationToken);
        var last = runs.FirstOrDefault(r => r.Installations.Split(',').Contains(connection.InstallationId))
            ?? throw Conflict("no-acceptance-test", "No acceptance test has run against this connection: POST /api/v1/admin/municipalities/{kommunenummer}/acceptance-tests.");
        if (last.Failed > 0 || last.Passed == 0)
        {
            throw Conflict("acceptance-test-failed", $"The last acceptance test ({last.StartedAt:u}) had {last.Failed} failed and {last.Passed} passed checks; fix and run it again.");
        }

        var promoted = connection with { Environment = EpjEnvironments.Production };
        await mediator.Send(new SetUnitEpjConnection(unit.UnitId, promoted), cancellationToken);
        Audit(unit, "promoted", request.Actor, $"to production after acceptance test {last.Id} ({last.Passed} passed, {last.Skipped} skipped)");
        return View(unit.UnitId, promoted);
    }

    private void Audit(UnitInfo unit, string action, string actor, string detail) => db.ConnectionAudit.Add(new ConnectionAudit
    {
        Id = Guid.NewGuid(), UnitId = unit.UnitId, Kommunenummer = unit.Kommunenummer, Action = action, Actor = actor, At = time.GetUtcNow().UtcDateTime, Detail = detail,
    });

    private static PlatformProblemException Conflict(string code, string detail) => new(StatusCodes.Status409Conflict, code, "The connection cannot move to production.", detail);

    public static EpjConnectionView View(Guid unitId, EpjConnection connection) =>
        new(unitId, connection.Vendor, connection.Endpoint ?? "", connection.InstallationId, connection.Environment, connection.Transport);

    public static AcceptanceRunView View(AcceptanceRun run)
    {
        var cases = JsonSerializer.Deserialize<List<AcceptanceCase>>(run.Cases, JsonSerializerOptions.Web) ?? [];
        var verdict = run.Failed > 0 ? "failed" : run.Skipped > run.Passed ? "not-verified" : "passed";
        return new AcceptanceRunView(run.Id, run.Kommunenummer, new DateTimeOffset(run.StartedAt, TimeSpan.Zero), run.Passed, run.Failed, run.Skipped, verdict,
            cases.Where(c => c.Verdict == "skipped").Select(c => $"{c.Vendor}: {c.Check}").Distinct().ToList(), cases);
    }
}

/// <summary>At start-up: connections made through the onboarding API name their secret; the installations learn where it is.</summary>
internal sealed class RegisterSecretNames(IServiceScopeFactory scopes, EpjInstallations installations) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var unit in await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetEpjConnections(), cancellationToken))
        {
            if (unit.Epj is { SecretName: { } name } connection)
            {
                installations.UseSecretName(connection.InstallationId, name);
            }
        }
    }
}

internal static class OnboardingEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var units = endpoints.MapGroup("/api/v1/admin/units/{unitId:guid}/epj-connection").WithTags("Onboarding");
        units.MapPut("", async Task<Ok<EpjConnectionView>> (Guid unitId, EpjConnectionBody? body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ConnectUnit(unitId, body ?? new(null, null, null, null, null), Actor(user)), ct)))
            .RequireAuthorization(PlatformPolicies.NationalAdmin)
            .ProducesProblem(StatusCodes.Status404NotFound);
        units.MapPost("/promote", async Task<Ok<EpjConnectionView>> (Guid unitId, PromoteBody? body, ClaimsPrincipal user, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                await RequireAdminOfUnitAsync(http, mediator, unitId, ct);
                if (body?.Confirm != true)
                {
                    throw ValidationException.For("confirm", "true: the admin confirms that this unit's citizens' messages and cancellations now go to the production journal.");
                }

                return TypedResults.Ok(await mediator.Send(new PromoteConnection(unitId, Actor(user)), ct));
            })
            .RequireAuthorization(PlatformPolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var municipality = endpoints.MapGroup(AccessFilters.MunicipalityAdminRoute).WithTags("Onboarding")
            .RequireAuthorization(PlatformPolicies.Admin).RequireMunicipalityAdmin();
        municipality.MapPost("/acceptance-tests", async Task<Created<AcceptanceRunView>> (string kommunenummer, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        {
            var run = await mediator.Send(new RunAcceptanceTest(kommunenummer, Actor(user)), ct);
            return TypedResults.Created($"/api/v1/admin/municipalities/{kommunenummer}/acceptance-tests", run);
        })
        .ProducesProblem(StatusCodes.Status409Conflict);
        municipality.MapGet("/acceptance-tests", async Task<Ok<List<AcceptanceRunView>>> (string kommunenummer, EpjDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.AcceptanceRuns.AsNoTracking().Where(r => r.Kommunenummer == kommunenummer).OrderByDescending(r => r.StartedAt).Take(50).ToListAsync(ct))
                .Select(OnboardingHandlers.View).ToList()));
        municipality.MapGet("/epj-connection-audit", async Task<Ok<List<ConnectionAuditView>>> (string kommunenummer, EpjDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.ConnectionAudit.AsNoTracking().Where(a => a.Kommunenummer == kommunenummer).OrderByDescending(a => a.At).Take(200).ToListAsync(ct))
                .Select(a => new ConnectionAuditView(a.UnitId, a.Action, a.Actor, new DateTimeOffset(a.At, TimeSpan.Zero), a.Detail)).ToList()));

        endpoints.MapGet("/api/v1/admin/epj/connections", HealthAsync).WithTags("Onboarding").RequireAuthorization(PlatformPolicies.Operator);
    }

    public sealed record PromoteBody(bool? Confirm);

    private static string Actor(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "";

    /// <summary>A national administrator, or an admin of the unit's municipality; anyone else gets 404.</summary>
    private static async Task RequireAdminOfUnitAsync(HttpContext http, IMediator mediator, Guid unitId, CancellationToken ct)
    {
        var unit = await mediator.Send(new GetUnit(unitId), ct);
        if (unit is null || !await http.RequestServices.GetRequiredService<IMunicipalityScope>().AdministersAsync(http.User, unit.Kommunenummer, ct))
        {
            throw new NotFoundException("unit");
        }
    }

    private static async Task<Ok<List<ConnectionHealth>>> HealthAsync(IMediator mediator, EpjDbContext db, CancellationToken ct)
    {
        var connections = await mediator.Send(new GetEpjConnections(), ct);
        var items = await db.Items.AsNoTracking().Where(i => i.Direction == EpjItem.Outbound)
            .GroupBy(i => i.UnitId)
            .Select(g => new
            {
                UnitId = g.Key,
                LastSuccess = g.Where(i => i.State == EpjItemStates.Journaled || i.State == EpjItemStates.Received || i.State == EpjItemStates.Delivered || i.State == EpjItemStates.Accepted)
                    .Max(i => (DateTime?)i.UpdatedAt),
                LastFailure = g.Where(i => i.State == EpjItemStates.Failed || i.State == EpjItemStates.DeadLettered || i.LastError != null).Max(i => (DateTime?)i.UpdatedAt),
                Waiting = g.Count(i => i.State == EpjItemStates.Pending),
                DeadLettered = g.Count(i => i.State == EpjItemStates.DeadLettered),
            })
            .ToDictionaryAsync(x => x.UnitId, ct);
        var errors = await db.Items.AsNoTracking().Where(i => i.Direction == EpjItem.Outbound && i.LastError != null)
            .GroupBy(i => i.UnitId).Select(g => new { UnitId = g.Key, Error = g.OrderByDescending(i => i.UpdatedAt).Select(i => i.LastError).First() })
            .ToDictionaryAsync(x => x.UnitId, x => x.Error, ct);
        static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
        return TypedResults.Ok(connections.Select(u =>
        {
            var seen = items.GetValueOrDefault(u.UnitId);
            return new ConnectionHealth(u.UnitId, u.Kommunenummer, u.Epj!.Vendor, u.Epj.InstallationId, u.Epj.Environment, Utc(seen?.LastSuccess), Utc(seen?.LastFailure),
                errors.GetValueOrDefault(u.UnitId), seen?.Waiting ?? 0, seen?.DeadLettered ?? 0);
        }).ToList());
    }
}
