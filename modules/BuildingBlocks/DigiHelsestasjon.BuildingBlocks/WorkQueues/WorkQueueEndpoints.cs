using DigiHelsestasjon.BuildingBlocks.Mediation;
using DigiHelsestasjon.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.BuildingBlocks.WorkQueues;

/// <summary>The operator view of every work queue over HTTP, the same as <c>queue list|requeue</c> on the host's
/// command line. For the platform's operators (HelseID role <c>operator</c>): the queues span all municipalities;
/// a municipality's admin sees its own EPJ items under <c>/api/v1/admin/epj/items</c>.</summary>
public static class WorkQueueEndpoints
{
    public static IEndpointRouteBuilder MapWorkQueues(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/queues").WithTags("Operations").RequireAuthorization(PlatformPolicies.Operator);
        group.MapGet("", BacklogsAsync).WithSummary("Every queue: how many items are due, in flight, scheduled and dead-lettered.");
        group.MapGet("/{queue}/items", ListAsync).WithSummary("Items of one queue, newest first; filter by state, kind, scope (module or kommunenummer) and period.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{queue}/items/{id:guid}/requeue", RequeueAsync).WithSummary("A dead-lettered item back to pending with a fresh attempt count.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Ok<List<WorkQueueBacklog>>> BacklogsAsync(WorkQueues queues, CancellationToken ct)
    {
        var backlogs = new List<WorkQueueBacklog>();
        foreach (var queue in queues.All)
        {
            backlogs.Add(await queue.BacklogAsync(ct));
        }

        return TypedResults.Ok(backlogs);
    }

    private static async Task<Ok<IReadOnlyList<WorkItemView>>> ListAsync(
        string queue, string? state, string? kind, string? scope, DateTimeOffset? from, DateTimeOffset? to, int? limit, WorkQueues queues, CancellationToken ct)
    {
        var found = queues.Find(queue) ?? throw new NotFoundException("queue");
        if (state is not null && !WorkItemStates.All.Contains(state))
        {
            throw ValidationException.For("state", $"One of: {string.Join(", ", WorkItemStates.All)}.");
        }

        if (limit is < 1 or > 1000)
        {
            throw ValidationException.For("limit", "Between 1 and 1000.");
        }

        return TypedResults.Ok(await found.ListAsync(new WorkItemFilter(state, kind, scope, from, to, limit ?? 200), ct));
    }

    private static async Task<NoContent> RequeueAsync(string queue, Guid id, WorkQueues queues, CancellationToken ct)
    {
        var found = queues.Find(queue) ?? throw new NotFoundException("queue");
        return await found.RequeueAsync(id, ct) ? TypedResults.NoContent() : throw new NotFoundException("dead-lettered item");
    }
}
