using System.Security.Cryptography;
using System.Text;

namespace DigiHelsestasjon.Notifications.Features.Sending;

/// <summary>A real SMS gateway's delivery reports: <c>POST /api/v1/notifications/sms/delivery-reports</c>
/// <c>{ gatewayId, status }</c> with <c>Authorization: Bearer {Notifications:Sms:ReportSecret}</c>. 204 when applied;
/// 404 for an id the platform does not know (logged and ignored; a gateway retrying for a while covers a report
/// that overtakes the platform's own save); 401 for a wrong secret; 404 for everything while no secret is configured.</summary>
internal static class DeliveryReportEndpoint
{
    public sealed record ReportBody(string? GatewayId, string? Status);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/notifications/sms/delivery-reports", async Task<Results<NoContent, NotFound, UnauthorizedHttpResult>> (
                ReportBody body, HttpContext http, IOptions<SmsGatewayOptions> options, IMediator mediator, CancellationToken ct) =>
            {
                var secret = options.Value.ReportSecret;
                if (string.IsNullOrEmpty(secret))
                {
                    return TypedResults.NotFound();
                }

                var given = http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
                if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret))))
                {
                    return TypedResults.Unauthorized();
                }

                var failures = new List<ValidationFailure>();
                if (string.IsNullOrWhiteSpace(body?.GatewayId) || body.GatewayId.Length > 100)
                {
                    failures.Add(new ValidationFailure("gatewayId", "The id the gateway gave when it took the SMS (at most 100 characters)."));
                }

                if (body?.Status is not ("delivered" or "failed"))
                {
                    failures.Add(new ValidationFailure("status", "delivered or failed."));
                }

                if (failures.Count > 0)
                {
                    throw new ValidationException(failures);
                }

                return await mediator.Send(new RecordSmsDeliveryReport(body!.GatewayId!, body.Status!), ct) ? TypedResults.NoContent() : TypedResults.NotFound();
            })
            .AllowAnonymous()
            .WithTags("Notifications");
}
