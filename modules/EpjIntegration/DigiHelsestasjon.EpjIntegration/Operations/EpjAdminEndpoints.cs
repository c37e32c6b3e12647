using System.Security.Claims;
using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using DigiHelsestasjon.Directory.Contracts;
using DigiHelsestasjon.Epj.Sdk.Http;
using DigiHelsestasjon.EpjIntegration.Contracts;
using DigiHelsestasjon.EpjIntegration.Inbound;
using DigiHelsestasjon.EpjIntegration.Outbound;
using DigiHelsestasjon.EpjIntegration.Persistence;
using DigiHelsestasjon.EpjIntegration.Persistence.Entities;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace DigiHelsestasjon.EpjIntegration.Operations;

/// <summary>One item as the operator sees it: the three acknowledgement levels side by side. No personal data.</summary>
public sealed record EpjItemView(
    Guid Id, string Direction, Guid MessageId, string Kind, string Kommunenummer, Guid UnitId, string State,
    bool TransportDelivered, string? ReceiptStatus, string? Outcome, string? DocumentReference, string? Reason, string[] ErrorCodes,
    int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class EpjEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/v1/admin/epj").WithTags("EPJ integration").RequireAuthorization(PlatformPolicies.Admin);
        admin.MapGet("/items", ListAsync);
        admin.MapPost("/items/{id:guid}/requeue", RequeueAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        endpoints.MapPost("/api/v1/epj/inbound", ReceiveAsync).WithTags("EPJ integration").AllowAnonymous()
            .WithSummary("EPJ -> platform: one SDK InboundMessage, signed with the installation's credentials.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Ok<List<EpjItemView>>> ListAsync(string? state, ClaimsPrincipal user, IMediator mediator, EpjDbContext db, CancellationToken ct)
    {
        if (state is not null && !EpjItemStates.All.Contains(state))
        {
            throw ValidationException.For("state", $"One of: {string.Join(", ", EpjItemStates.All)}.");
        }

        var municipalities = await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), ct);
        var items = await db.Items.AsNoTracking()
            .Where(i => municipalities.Contains(i.Kommunenummer) && (state == null || i.State == state))
            .OrderByDescending(i => i.CreatedAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(items.Select(View).ToList());
    }

    private static async Task<Ok<EpjItemView>> RequeueAsync(Guid id, ClaimsPrincipal user, IMediator mediator, EpjDbContext db, EpjDeliveryQueue queue, CancellationToken ct)
    {
        var municipalities = await mediator.Send(new GetMunicipalitiesOfUnits(user.UnitIds()), ct);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Direction == EpjItem.Outbound && municipalities.Contains(i.Kommunenummer), ct)
            ?? throw new NotFoundException("EPJ item");
        if (!await queue.RequeueAsync(id, ct))
        {
            throw new PlatformProblemException(StatusCodes.Status409Conflict, "not-requeueable", "Only dead-lettered or failed items can be requeued.", $"The item is {item.State}.");
        }

        return TypedResults.Ok(View(await db.Items.AsNoTracking().SingleAsync(i => i.Id == id, ct)));
    }

    /// <summary>Authenticated by the installation's signature, not a token. Duplicates get the original receipt.</summary>
    private static async Task<IResult> ReceiveAsync(HttpContext http, EpjInstallations installations, EpjInbound inbound, TimeProvider time, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var installation = http.Request.Headers[EpjRequestSigning.InstallationHeader].FirstOrDefault();
        var secret = installation is null ? null : installations.SecretOf(installation);
        string? Header(string name) => http.Request.Headers[name].FirstOrDefault();
        if (secret is null || !EpjRequestSigning.Verify(secret, http.Request.Method, http.Request.Path + http.Request.QueryString,
                Header(EpjRequestSigning.TimestampHeader), Header(EpjRequestSigning.SignatureHeader), body,
                Header(EpjRequestSigning.ContractVersionHeader), Header(EpjRequestSigning.IdempotencyKeyHeader), Header(EpjRequestSigning.RequestIdHeader), time.GetUtcNow()))
        {
            return Problem(StatusCodes.Status401Unauthorized, "invalid-signature", "The request is not signed with a known installation's credentials, or its timestamp is more than five minutes off.");
        }

        var version = http.Request.Headers[EpjRequestSigning.ContractVersionHeader].FirstOrDefault() ?? "1.0";
        if (!Epj.Sdk.EpjContract.CanRead(version))
        {
            return Problem(StatusCodes.Status400BadRequest, "unsupported-contract-version", $"Contract version {version} is not read here; supported: {string.Join(", ", Epj.Sdk.EpjContract.SupportedVersions)}.");
        }

        Epj.Sdk.InboundMessage? message;
        try
        {
            message = System.Text.Json.JsonSerializer.Deserialize<Epj.Sdk.InboundMessage>(body, EpjJson.Options);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            // The path, never the serializer's message (it names .NET types).
            var path = (exception as System.Text.Json.JsonException)?.Path ?? "$";
            return Problem(StatusCodes.Status400BadRequest, "invalid-message", $"The body is not an EPJ inbound message: the value at {path} is not what the contract expects.");
        }

        if (message is null || message.MessageId == Guid.Empty)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid-message", "The message needs a messageId (a GUID, stable across retries).");
        }

        var (receipt, replayed) = await inbound.ReceiveAsync(installation!, message, ct);
        if (replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return Results.Json(receipt, EpjJson.Options);
    }

    private static IResult Problem(int status, string code, string detail) =>
        Results.Problem(statusCode: status, title: detail, type: ProblemTypes.For(code), extensions: new Dictionary<string, object?> { ["code"] = code });

    private static EpjItemView View(EpjItem i) => new(
        i.Id, i.Direction, i.MessageId, i.Kind, i.Kommunenummer, i.UnitId, i.State, i.TransportDelivered, i.ReceiptStatus, i.Outcome,
        i.DocumentReference, i.Reason, i.ErrorCodes?.Split(',') ?? [], i.Attempts,
        i.Direction == EpjItem.Outbound && i.State == EpjItemStates.Pending ? new DateTimeOffset(i.NextAttemptAt, TimeSpan.Zero) : null,
        i.LastError, new DateTimeOffset(i.CreatedAt, TimeSpan.Zero), new DateTimeOffset(i.UpdatedAt, TimeSpan.Zero));
}
