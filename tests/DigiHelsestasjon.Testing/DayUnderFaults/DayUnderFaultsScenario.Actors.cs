using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigiHelsestasjon.Epj.Sdk;
using DigiHelsestasjon.Simulators.Epj;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

// The people of the day: guardians, journals, youths and nurses. Each retries as its real counterpart would: a citizen's
// app sends a message again with the same Idempotency-Key until it gets an answer; a journal's outbound queue retries.
public sealed partial class DayUnderFaultsScenario
{
    /// <summary>How long after the day a client still retries what it started (a citizen does not leave mid-send).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(90);

    private async Task GuardianAsync(Family family, CancellationToken dayEnds)
    {
        using var platform = Client(cluster.Url);
        var subject = $"/api/v1/subjects/{family.SubjectId}";
        for (var round = 0; !dayEnds.IsCancellationRequested; round++)
        {
            using (var list = await stats.SendAsync("appointment list", platform, () => Get($"{subject}/appointments", family.Token), CancellationToken.None))
            {
                if (round % 4 == 2 && list is { IsSuccessStatusCode: true })
                {
                    await CancelOneAsync(platform, family, await list.Content.ReadFromJsonAsync<JsonElement>());
                }
            }

            (await stats.SendAsync("thread list", platform, () => Get($"{subject}/threads", family.Token), CancellationToken.None))?.Dispose();
            if (round % 3 == 0)
            {
                await SendMessageAsync(platform, family, dayEnds);
            }

            await Pause(TimeSpan.FromMilliseconds(400), dayEnds);
        }
    }

    /// <summary>A new thread, sent again with the same key until an answer says accepted or refused.</summary>
    private async Task SendMessageAsync(HttpClient platform, Family family, CancellationToken dayEnds)
    {
        var key = Guid.NewGuid().ToString();
        var body = $"Hei! Spørsmål om søvn ({key[..8]}).";
        var giveUp = clock.Elapsed + options.Duration + Grace;
        while (clock.Elapsed < giveUp)
        {
            using var response = await stats.SendAsync("send a message", platform,
                () => Post($"/api/v1/subjects/{family.SubjectId}/threads", family.Token, new { unitId = family.UnitId, subject = "Søvn", body }, key), CancellationToken.None);
            if (response is { StatusCode: HttpStatusCode.Created })
            {
                var thread = await response.Content.ReadFromJsonAsync<JsonElement>();
                accepted.TryAdd(thread.GetProperty("threadId").GetGuid(), new AcceptedMessage(family, body, clock.Elapsed));
                return;
            }

            if (response is { StatusCode: < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests and not HttpStatusCode.Conflict })
            {
                violations.Add($"A guardian's message was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        violations.Add($"A guardian's message got no answer for {(options.Duration + Grace).TotalSeconds:F0} s of retries.");
    }

    /// <summary>Cancels one of the day's appointments that the platform shows as booked, well outside any deadline; sent
    /// again on no answer (the same reason, so the journal's record tells a second effect apart).</summary>
    private async Task CancelOneAsync(HttpClient platform, Family family, JsonElement list)
    {
        // Only a time nobody has asked to cancel yet: asking again is answered with the first request, not sent again.
        var target = list.EnumerateArray()
            .Where(a => a.GetProperty("status").GetString() == "booked" && a.GetProperty("start").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(5)
                && (!a.TryGetProperty("cancellation", out var asked) || asked.ValueKind == JsonValueKind.Null))
            .FirstOrDefault(a => !cancellations.Values.Any(c => c.AppointmentId == a.GetProperty("appointmentId").GetGuid()));
        if (target.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var start = target.GetProperty("start").GetDateTimeOffset();
        var reason = $"Syk ({Guid.NewGuid().ToString()[..8]})";
        var path = $"/api/v1/subjects/{family.SubjectId}/appointments/{target.GetProperty("appointmentId").GetGuid()}/cancellation";
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            using var response = await stats.SendAsync("cancel", platform, () => Post(path, family.Token, new { reason }), CancellationToken.None);
            if (response is { StatusCode: HttpStatusCode.Accepted or HttpStatusCode.OK })
            {
                cancellations.TryAdd(reason, new AcceptedCancellation(family, start, clock.Elapsed, target.GetProperty("appointmentId").GetGuid()));
                return;
            }

            if (attempt > 1 && response is { StatusCode: HttpStatusCode.Conflict })
            {
                // After an attempt without an answer, a conflict may be the journal's move or cancellation, or our first
                // attempt: counted as ours only if the appointment shows a cancellation asked for.
                using var now = await stats.SendAsync("one appointment", platform,
                    () => Get($"/api/v1/subjects/{family.SubjectId}/appointments/{target.GetProperty("appointmentId").GetGuid()}", family.Token), CancellationToken.None);
                if (now is { IsSuccessStatusCode: true } && (await now.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("cancellation", out var asked) && asked.ValueKind == JsonValueKind.Object)
                {
                    cancellations.TryAdd(reason, new AcceptedCancellation(family, start, clock.Elapsed, target.GetProperty("appointmentId").GetGuid()));
                }

                return;
            }

            if (response is { StatusCode: HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity })
            {
                return; // the journal moved or cancelled it first: a refusal the citizen sees, not a failure.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        violations.Add("A guardian's cancellation got no answer in 30 attempts.");
    }

    /// <summary>The child's journal at work: books, moves, answers and decides waiting cancellations. Its calls go to the
    /// simulators host (which is not faulted); what it publishes reaches the platform through nginx, retried by its queue.</summary>
    private async Task JournalAsync(Family family, CancellationToken dayEnds)
    {
        for (var round = 0; !dayEnds.IsCancellationRequested; round++)
        {
            try
            {
                switch (round % 3)
                {
                    case 0:
                        await BookAsync(family);
                        break;
                    case 1:
                        var movable = family.Booked.Keys.OrderBy(_ => Random.Shared.Next()).FirstOrDefault();
                        if (movable is not null)
                        {
                            (await simulators.PutAsJsonAsync($"/simulators/epj/{family.Vendor}/appointments/{movable}", new { start = NextStart() }, CancellationToken.None)).Dispose();
                        }

                        break;
                    default:
                        var text = $"Svar fra helsestasjonen ({Guid.NewGuid().ToString()[..8]}).";
                        using (var sent = await simulators.PostAsJsonAsync($"/simulators/epj/{family.Vendor}/messages", new { pid = family.ChildPid, unitId = family.UnitId, body = text }, CancellationToken.None))
                        {
                            if (sent.IsSuccessStatusCode)
                            {
                                journalMessages[text] = family.ChildPid;
                            }
                            else
                            {
                                violations.Add($"The {family.Vendor} journal's control API refused a message to a citizen: {(int)sent.StatusCode}.");
                            }
                        }

                        break;
                }

                foreach (var held in EpjDemoData.For(family.Vendor).Vendor.CancellationMode == CancellationMode.NeedsApproval ? family.Booked.Keys : [])
                {
                    // InfoDoc's staff decide a cancellation later; here at once (a 404: none waits).
                    (await simulators.PostAsJsonAsync($"/simulators/epj/{family.Vendor}/cancellations/{held}/decision", new { accept = true }, CancellationToken.None)).Dispose();
                }
            }
            catch (HttpRequestException exception)
            {
                violations.Add($"The simulators host did not answer the journal's control call: {exception.Message}");
            }

            await Pause(TimeSpan.FromSeconds(4), dayEnds);
        }
    }

    private static async Task Pause(TimeSpan length, CancellationToken dayEnds)
    {
        try
        {
            await Task.Delay(length, dayEnds);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
