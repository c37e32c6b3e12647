using System.Net.Http.Json;
using System.Text.Json;

namespace DigiHelsestasjon.Testing.DayUnderFaults;

// The checks after the day: every promise read back from the journals', the simulators' and the platform's own records.
public sealed partial class DayUnderFaultsScenario
{
    /// <summary>The promises, from the journals' and the simulators' own records and what citizens see.</summary>
    private async Task CheckAsync()
    {
        using var platform = Client(cluster.Url);
        foreach (var family in families)
        {
            var journal = await JournalOfAsync(family, CancellationToken.None);
            var entries = journal.GetProperty("entries").EnumerateArray().ToList();

            // Each accepted message journaled exactly once.
            var journaled = entries.Where(e => e.GetProperty("kind").GetString() == "message" && e.TryGetProperty("conversationId", out var c) && c.ValueKind == JsonValueKind.String)
                .GroupBy(e => e.GetProperty("conversationId").GetGuid()).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (thread, message) in accepted.Where(a => a.Value.Family == family))
            {
                var count = journaled.GetValueOrDefault(thread);
                if (count != 1)
                {
                    violations.Add($"A message accepted at {message.At.TotalSeconds:F0} s is in the {family.Vendor} journal {count} times.");
                }
            }

            // Each accepted cancellation registered exactly once.
            foreach (var (reason, cancellation) in cancellations.Where(c => c.Value.Family == family))
            {
                var count = entries.Count(e => e.GetProperty("kind").GetString() == "cancellation" && e.GetProperty("text").GetString() == reason);
                if (count != 1)
                {
                    // What the citizen sees of it, and what the journal holds for the child: enough to tell a lost request
                    // from a race with the journal moving the same appointment.
                    using var seen = await platform.SendAsync(Get($"/api/v1/subjects/{family.SubjectId}/appointments/{cancellation.AppointmentId}", family.Token));
                    var held = string.Join("; ", journal.GetProperty("appointments").EnumerateArray().Where(a => family.Booked.ContainsKey(a.GetProperty("appointmentId").GetString()!))
                        .Select(a => $"{a.GetProperty("appointmentId").GetString()} {a.GetProperty("start").GetDateTimeOffset():u} {a.GetProperty("status")}"));
                    violations.Add($"A cancellation accepted at {cancellation.At.TotalSeconds:F0} s (for {cancellation.Start:u}) is registered in the {family.Vendor} journal {count} times. "
                        + $"The citizen sees: {await seen.Content.ReadAsStringAsync()}. The journal holds: {held}.");
                }
            }

            // What the citizen sees matches the journal: each of the day's appointments at its start, cancelled or not.
            var shown = await PlatformAppointmentsAsync(platform, family) ?? [];
            foreach (var appointment in journal.GetProperty("appointments").EnumerateArray().Where(a => family.Booked.ContainsKey(a.GetProperty("appointmentId").GetString()!)))
            {
                var start = appointment.GetProperty("start").GetDateTimeOffset();
                var cancelled = appointment.GetProperty("status") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() == (int)DigiHelsestasjon.Epj.Sdk.AppointmentStatus.Cancelled
                    : string.Equals(appointment.GetProperty("status").GetString(), "cancelled", StringComparison.OrdinalIgnoreCase);
                var atStart = shown.Where(s => s.Start == start).ToList();
                if (!cancelled && !atStart.Any(s => s.Status != "cancelled"))
                {
                    violations.Add($"An appointment the {family.Vendor} journal has booked at {start:u} is not shown as booked ({string.Join(", ", atStart.Select(s => s.Status).DefaultIfEmpty("not shown"))}).");
                }

                if (cancelled && atStart.Any(s => s.Status == "booked"))
                {
                    violations.Add($"An appointment the {family.Vendor} journal has cancelled at {start:u} is still shown as booked.");
                }
            }

            await CheckJournalMessagesAsync(platform, family);
        }

        await CheckQueuesAndChannelsAsync(platform);

        // A check over nothing proves nothing: the day must have done each kind of thing.
        foreach (var (what, count) in new[] { ("citizen messages", accepted.Count), ("cancellations", cancellations.Count), ("journal messages to citizens", journalMessages.Count), ("youth chats", chats.Count) })
        {
            if (count == 0)
            {
                violations.Add($"The day accepted no {what}: the checks of them proved nothing.");
            }
        }
    }

    /// <summary>Each message a journal sent a citizen is shown once.</summary>
    private async Task CheckJournalMessagesAsync(HttpClient platform, Family family)
    {
        var sent = journalMessages.Where(m => m.Value == family.ChildPid).Select(m => m.Key).ToList();
        using var list = await platform.SendAsync(Get($"/api/v1/subjects/{family.SubjectId}/threads", family.Token));
        list.EnsureSuccessStatusCode();
        var texts = new List<string>();
        foreach (var thread in (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(t => t.GetProperty("threadId").GetGuid()).Where(t => !accepted.ContainsKey(t)))
        {
            using var detail = await platform.SendAsync(Get($"/api/v1/subjects/{family.SubjectId}/threads/{thread}", family.Token));
            if (detail.IsSuccessStatusCode)
            {
                texts.AddRange((await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!));
            }
        }

        foreach (var text in sent)
        {
            var count = texts.Count(t => t == text);
            if (count != 1)
            {
                violations.Add($"A message the {family.Vendor} journal sent a citizen is shown {count} times.");
            }
        }
    }

    private async Task CheckQueuesAndChannelsAsync(HttpClient platform)
    {
        var queues = await QueuesAsync(platform);
        if (queues is null)
        {
            violations.Add("The operator's queue view did not answer after the day.");
        }

        foreach (var queue in queues ?? [])
        {
            var name = queue.GetProperty("queue").GetString();
            // A notice retried after the SMS fault may fall due as we look: that is the queue working. Stuck is an item due
            // for over a minute that no host takes, or one held past its lease.
            if (queue.TryGetProperty("oldestDueAt", out var oldest) && oldest.ValueKind == JsonValueKind.String && oldest.GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(-1))
            {
                using var items = await platform.SendAsync(Get($"/api/v1/admin/queues/{name}/items?state=pending&limit=5", operatorToken));
                violations.Add($"Queue {name} has had an item due since {oldest.GetDateTimeOffset():u} that no host took: {await items.Content.ReadAsStringAsync()}");
            }

            if (queue.GetProperty("inFlight").GetInt32() > 0)
            {
                using var held = await platform.SendAsync(Get($"/api/v1/admin/queues/{name}/items?state=in-flight&limit=100", operatorToken));
                var pastLease = held.IsSuccessStatusCode
                    ? (await held.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                        .Count(i => i.GetProperty("lockedUntil") is { ValueKind: JsonValueKind.String } until && until.GetDateTimeOffset() < DateTimeOffset.UtcNow.AddSeconds(-5))
                    : -1;
                if (pastLease != 0)
                {
                    violations.Add($"Queue {name} has {pastLease} items held past their lease.");
                }
            }

            if (queue.GetProperty("deadLettered").GetInt32() > 0)
            {
                violations.Add($"Queue {name} has {queue.GetProperty("deadLettered").GetInt32()} dead letters; no fault of the day was permanent.");
            }
        }

        // An internal error is a defect: a fault the platform meets is answered 503 (try again) or not at all (a host died).
        foreach (var (route, r) in stats.Snapshot().Where(r => r.Value.ServerErrorCodes.ContainsKey(500)))
        {
            violations.Add($"{route}: {r.ServerErrorCodes[500]} answers were 500 (internal error).");
        }

        // Each e-mail once: the platform names each with its own Message-ID, so a copy is a notice sent twice.
        var mails = await simulators.GetFromJsonAsync<JsonElement>("/simulators/email/outbox");
        foreach (var twice in mails.EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).Where(id => id is not null).GroupBy(id => id).Where(g => g.Count() > 1))
        {
            violations.Add($"An e-mail notice was sent {twice.Count()} times.");
        }

        var sms = (await simulators.GetFromJsonAsync<JsonElement>("/simulators/sms/outbox")).EnumerateArray().Select(m => m.GetProperty("at").GetDateTimeOffset()).ToList();
        notices = (sms.Count, mails.GetArrayLength());
        var channels = faults.FirstOrDefault(f => f.Name.StartsWith("SMS", StringComparison.Ordinal));
        if (channels is not null && sms.Where(at => at > channels.EndedAt).Order().FirstOrDefault() is { } first && first != default)
        {
            channels.Recovered = first - channels.EndedAt;
        }
    }

    private (int Sms, int Email) notices;
}
