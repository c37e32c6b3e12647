using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Simulators.Channels;

/// <summary>The control API of the SMS gateway and the SMTP server (docs/simulators.md): what they sent, and faults.</summary>
public static class ChannelEndpoints
{
    public sealed record ReportRequest(string? GatewayId, string? Status);

    public sealed record SendRequest(string? To, string? Text);

    public static IEndpointRouteBuilder MapChannelSimulators(this IEndpointRouteBuilder endpoints, SmsGatewaySimulator sms, SmtpServerSimulator email)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentNullException.ThrowIfNull(email);
        var smsGroup = endpoints.MapGroup("/simulators/sms").WithTags("Simulator: SMS gateway");
        smsGroup.MapPost("/messages", async (SendRequest body, HttpRequest request, CancellationToken ct) =>
        {
            var key = request.Headers["Idempotency-Key"].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(body.To) || string.IsNullOrWhiteSpace(body.Text))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key/to/text"] = ["An Idempotency-Key header, a number and a text."] });
            }

            try
            {
                var answer = await sms.SendAsync(key, body.To, body.Text, ct);
                return answer.Accepted
                    ? Results.Ok(new { gatewayId = answer.GatewayId })
                    : Results.UnprocessableEntity(new { error = answer.Error });
            }
            catch (SmsGatewayUnavailableException exception)
            {
                return Results.Problem(statusCode: 503, title: exception.Message);
            }
        }).WithSummary("The gateway's own API: send one SMS, idempotent on the Idempotency-Key header.");
        smsGroup.MapGet("/outbox", () => sms.Outbox);
        smsGroup.MapGet("/faults", () => sms.Faults);
        smsGroup.MapPut("/faults", (SmsFaults body) => Results.Ok(sms.Faults = body ?? new SmsFaults()));
        smsGroup.MapPost("/reports", (ReportRequest body) =>
        {
            if (string.IsNullOrWhiteSpace(body.GatewayId) || body.Status is not ("delivered" or "failed"))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["gatewayId/status"] = ["A gatewayId and a status, delivered or failed."] });
            }

            sms.Report(new SmsDeliveryReport(body.GatewayId, body.Status));
            return Results.Accepted();
        });

        var emailGroup = endpoints.MapGroup("/simulators/email").WithTags("Simulator: SMTP server");
        emailGroup.MapGet("/outbox", () => email.Outbox.Select(e => new { e.From, e.To, e.Subject, e.MessageId, e.Headers, e.Body, e.At }));
        emailGroup.MapGet("/faults", () => email.Faults);
        emailGroup.MapPut("/faults", (SmtpFaults body) => Results.Ok(email.Faults = body ?? new SmtpFaults()));
        emailGroup.MapGet("/server", () => new { host = "127.0.0.1", port = email.Port });
        return endpoints;
    }
}
