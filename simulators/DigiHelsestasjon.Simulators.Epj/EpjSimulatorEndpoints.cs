using System.Text.Json;
using System.Text.Json.Serialization;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Epj.Sdk.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigiHelsestasjon.Simulators.Epj;

/// <summary>The control API (docs/simulators.md) (acting as the health station's staff) and the connector over
/// HTTP (the simulator hosting the vendor side), under <c>/simulators/epj/{vendor}/</c>.</summary>
public static class EpjSimulatorEndpoints
{
    public sealed record BookRequest(string? Pid, Guid? UnitId, DateTimeOffset? Start, string? Type, bool Exempt = false, string? PractitionerRole = null, string? Location = null, bool ForNewborn = false, bool Video = false);

    public sealed record NewbornRequest(string? MotherPid, string? ChildPid);

    public sealed record ChangeRequest(DateTimeOffset? Start, string? Status, bool? Exempt);

    public sealed record MessageChangeRequest(bool? Exempt);

    public sealed record DecisionRequest(bool Accept, string? Reason);

    public sealed record MessageRequest(string? Pid, Guid? UnitId, Guid? ThreadId, string? Body, bool Exempt = false);

    public sealed record TestResultRequest(string? Pid, Guid? UnitId, string? Name, string? Result, bool Exempt = false);

    public sealed record FaultsRequest(int LatencyMs, double ErrorRate, [property: JsonConverter(typeof(RateOrFlag))] double DropAcks, double DuplicateRate, double? OutOfOrderRate, bool HoldLaterLevels = false);

    /// <summary>Maps one journal. <paramref name="secretOf"/> gives an installation's shared secret for the connector endpoint.</summary>
    public static IEndpointRouteBuilder MapEpjSimulator(this IEndpointRouteBuilder endpoints, SimulatedJournal journal, Func<string, string?> secretOf, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var group = endpoints.MapGroup($"/simulators/epj/{journal.Profile.Vendor}").WithTags($"Simulator: EPJ {journal.Profile.Vendor}");

        group.MapGet("/units", () => journal.Units.Select(u => new { u.UnitId, u.HerId, u.Name, u.Type }));
        group.MapPost("/units", (SimulatedUnit body) =>
        {
            if (body is null || body.UnitId == Guid.Empty || string.IsNullOrWhiteSpace(body.HerId))
            {
                return Results.Problem(statusCode: 400, title: "unitId and herId are required.");
            }

            journal.AddUnit(body);
            return Results.Created($"/simulators/epj/{journal.Profile.Vendor}/units", new { body.UnitId, body.HerId, body.Name, body.Type });
        });

        group.MapPost("/appointments", (BookRequest body) =>
        {
            var unit = journal.Units.FirstOrDefault(u => u.UnitId == body.UnitId);
            var problems = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.Pid))
            {
                problems["pid"] = ["Required."];
            }

            if (unit is null)
            {
                problems["unitId"] = [$"Not a unit of this journal; see GET /simulators/epj/{journal.Profile.Vendor}/units."];
            }

            if (body.Start is null)
            {
                problems["start"] = ["Required (ISO 8601 with offset)."];
            }

            if (problems.Count > 0)
            {
                return Results.ValidationProblem(problems);
            }

            var id = journal.Book(body.Pid!, unit!.HerId, body.Start!.Value, string.IsNullOrWhiteSpace(body.Type) ? "Konsultasjon" : body.Type, body.Exempt, id: null, body.PractitionerRole ?? "helsesykepleier", body.Location, body.ForNewborn, body.Video);
            return Results.Ok(new { appointmentId = id });
        });
        group.MapPost("/newborns", (NewbornRequest body) =>
            string.IsNullOrWhiteSpace(body?.MotherPid) || string.IsNullOrWhiteSpace(body.ChildPid)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { [string.IsNullOrWhiteSpace(body?.MotherPid) ? "motherPid" : "childPid"] = ["Required."] })
                : Results.Ok(new { moved = journal.RegisterNewborn(body.MotherPid, body.ChildPid) }));

        group.MapPut("/appointments/{appointmentId}", async (string appointmentId, ChangeRequest body) =>
        {
            if (journal.Appointment(appointmentId) is null)
            {
                return Results.Problem(statusCode: 404, title: "No such appointment in this journal.");
            }

            if (body.Start is { } start)
            {
                await journal.ChangeAppointmentAsync(appointmentId, start, CancellationToken.None);
            }

            if (body.Status is { } status)
            {
                if (!Enum.TryParse<AppointmentStatus>(status, ignoreCase: true, out var parsed))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["One of booked, cancelled, attended, noShow."] });
                }

                journal.SetStatus(appointmentId, parsed);
            }

            if (body.Exempt is { } exempt)
            {
                journal.SetAppointmentExempt(appointmentId, exempt);
            }

            return Results.Ok(journal.Appointment(appointmentId));
        });

        group.MapDelete("/appointments/{appointmentId}", async (string appointmentId) =>
        {
            if (journal.Appointment(appointmentId) is null)
            {
                return Results.Problem(statusCode: 404, title: "No such appointment in this journal.");
            }

            await journal.CancelAppointmentAsync(appointmentId, CancellationToken.None);
            return Results.NoContent();
        });

        group.MapPost("/cancellations/{appointmentId}/decision", async (string appointmentId, DecisionRequest body) =>
        {
            try
            {
                await journal.DecideCancellationAsync(appointmentId, body.Accept, body.Reason, CancellationToken.None);
                return Results.NoContent();
            }
            catch (KeyNotFoundException exception)
            {
                return Results.Problem(statusCode: 404, title: "No cancellation waits for a decision.", detail: exception.Message);
            }
        });

        // The pid in the query is the control API's (docs/simulators.md); synthetic test people only.
        group.MapGet("/journal", (string pid) => new { entries = journal.EntriesFor(pid), appointments = journal.AppointmentsFor(pid) });

        group.MapPost("/messages", (MessageRequest body) =>
        {
            var unit = journal.Units.FirstOrDefault(u => u.UnitId == body.UnitId);
            if (unit is null || string.IsNullOrWhiteSpace(body.Pid) || string.IsNullOrWhiteSpace(body.Body))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["pid/unitId/body"] = ["pid, a unitId of this journal and body are required."] });
            }

            return Results.Ok(new { messageId = journal.SendMessage(body.Pid, unit.HerId, body.ThreadId, body.Body, body.Exempt) });
        });

        group.MapPut("/messages/{messageId:guid}", (Guid messageId, MessageChangeRequest body) =>
            body.Exempt is not { } exempt
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["exempt"] = ["true or false."] })
                : journal.SetMessageExempt(messageId, exempt)
                    ? Results.NoContent()
                    : Results.Problem(statusCode: 404, title: "No such message in this journal."));

        group.MapGet("/reservations", () => journal.HeldReservations().Select(h => new
        {
            h.Slot.SlotId, h.Slot.Start, h.Slot.End, unitId = journal.Units.First(u => u.HerId == h.Slot.UnitHerId).UnitId, kind = h.Slot.AppointmentType,
            pid = h.Reservation.PatientPid, h.Reservation.RequestedByRelation,
        }));
        group.MapPost("/reservations/{slotId}/decision", (string slotId, DecisionRequest body) =>
        {
            try
            {
                journal.DecideReservation(slotId, body.Accept, body.Reason);
                return Results.NoContent();
            }
            catch (KeyNotFoundException exception)
            {
                return Results.Problem(statusCode: 404, title: "No reservation waits for a decision.", detail: exception.Message);
            }
        });

        group.MapPost("/test-results", (TestResultRequest body) =>
        {
            var unit = journal.Units.FirstOrDefault(u => u.UnitId == body.UnitId);
            if (unit is null || string.IsNullOrWhiteSpace(body.Pid) || string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.Result))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["pid/unitId/name/result"] = ["pid, a unitId of this journal, name and result are required."] });
            }

            return Results.Ok(new { entryId = journal.AddTestResult(body.Pid, unit.HerId, body.Name, body.Result, body.Exempt) });
        });

        group.MapGet("/faults", () => journal.Faults);
        group.MapPut("/faults", (FaultsRequest body) =>
        {
            journal.Faults = new EpjFaults
            {
                LatencyMs = body.LatencyMs, ErrorRate = body.ErrorRate, DropAcks = body.DropAcks, DuplicateRate = body.DuplicateRate, OutOfOrderRate = body.OutOfOrderRate,
                HoldLaterLevels = body.HoldLaterLevels,
            };
            return Results.Ok(journal.Faults);
        });

        var handler = new EpjConnectorRequestHandler(journal, secretOf, time);
        group.Map("/connector/{operation}", async (HttpContext http, string operation) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var answer = await handler.HandleAsync(http.Request.Method, http.Request.Path + http.Request.QueryString, operation, name => http.Request.Headers[name].FirstOrDefault(), buffer.ToArray(), http.RequestAborted);
            return Results.Content(answer.Body, answer.StatusCode >= 400 ? "application/problem+json" : "application/json", statusCode: answer.StatusCode);
        }).ExcludeFromDescription();

        return endpoints;
    }

    /// <summary>Reads <c>dropAcks</c> as a rate or as true/false.</summary>
    private sealed class RateOrFlag : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => 1,
            JsonTokenType.False => 0,
            _ => reader.GetDouble(),
        };

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
